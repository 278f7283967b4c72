/**
 * The admin console's tab bar. Each tab is a link, so another area adds one line here (the suspend
 * engineer's Accounts tab, the domains engineer's `/admin/domains` page) and nothing else moves.
 */
export const adminTabs: { id: string; label: string; href: string }[] = [
  { id: "reports", label: "Reports", href: "/admin?tab=reports" },
  { id: "guides", label: "Guides", href: "/admin?tab=guides" },
  { id: "badges", label: "Badges", href: "/admin?tab=badges" },
  { id: "audit", label: "Audit log", href: "/admin?tab=audit" },
];
