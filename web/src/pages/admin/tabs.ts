/**
 * The admin console's tab bar. Each tab is a link, so another area adds one line here and nothing else
 * moves; accounts and blocked domains are pages of their own.
 */
export const adminTabs: { id: string; label: string; href: string }[] = [
  { id: "reports", label: "Reports", href: "/admin?tab=reports" },
  { id: "guides", label: "Guides", href: "/admin?tab=guides" },
  { id: "badges", label: "Badges", href: "/admin?tab=badges" },
  { id: "audit", label: "Audit log", href: "/admin?tab=audit" },
  { id: "accounts", label: "Accounts", href: "/admin/accounts" },
  { id: "domains", label: "Blocked domains", href: "/admin/domains" },
];
