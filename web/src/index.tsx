import { Route, Router } from "@solidjs/router";
import { lazy } from "solid-js";
import { render } from "solid-js/web";
import { Layout } from "./ui/layout";
import { signedIn } from "./ui/require-sign-in";
import "./ui/styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
// The server may have put a page inside #root for readers without script (a not-found page): the app replaces it.
root.textContent = "";

render(
  () => (
    <Router root={Layout}>
      <Route path="/" component={lazy(() => import("./pages/home"))} />
      <Route path="/signup" component={lazy(() => import("./pages/signup"))} />
      <Route path="/login" component={lazy(() => import("./pages/login"))} />
      <Route
        path="/account"
        component={signedIn(
          lazy(() => import("./pages/account")),
          "your account",
        )}
      />
      <Route
        path="/settings"
        component={signedIn(
          lazy(() => import("./pages/settings")),
          "your account settings",
        )}
      />
      <Route
        path="/notifications/settings"
        component={signedIn(
          lazy(() => import("./pages/notification-settings")),
          "your notification settings",
        )}
      />
      <Route path="/unsubscribe" component={lazy(() => import("./pages/unsubscribe"))} />
      <Route path="/guides/:id" component={lazy(() => import("./pages/guide"))} />
      <Route path="/tags/:tag" component={lazy(() => import("./pages/tag"))} />
      <Route path="/search" component={lazy(() => import("./pages/search"))} />
      <Route
        path="/saved"
        component={signedIn(
          lazy(() => import("./pages/saved")),
          "your saved guides",
        )}
      />
      <Route
        path="/studio"
        component={signedIn(
          lazy(() => import("./pages/studio")),
          "your studio",
        )}
      />
      <Route
        path="/studio/new"
        component={signedIn(
          lazy(() => import("./pages/editor")),
          "the editor",
        )}
      />
      <Route
        path="/studio/guides/:id"
        component={signedIn(
          lazy(() => import("./pages/editor")),
          "the editor",
        )}
      />
      <Route path="/categories" component={lazy(() => import("./pages/categories"))} />
      <Route path="/categories/:slug" component={lazy(() => import("./pages/category"))} />
      <Route path="/creators" component={lazy(() => import("./pages/creators"))} />
      <Route
        path="/welcome"
        component={signedIn(
          lazy(() => import("./pages/welcome")),
          "your welcome page",
        )}
      />
      <Route
        path="/admin"
        component={signedIn(
          lazy(() => import("./pages/admin")),
          "the admin console",
        )}
      />
      <Route
        path="/admin/accounts"
        component={signedIn(
          lazy(() => import("./pages/admin-accounts")),
          "admin accounts",
        )}
      />
      <Route
        path="/admin/domains"
        component={signedIn(
          lazy(() => import("./pages/admin-domains")),
          "blocked domains",
        )}
      />
      {/* Storefronts live at /@handle: a single segment that starts with "@". */}
      <Route
        path="/:handle"
        matchFilters={{ handle: /^@[A-Za-z0-9_]{3,30}$/ }}
        component={lazy(() => import("./pages/storefront"))}
      />
      <Route
        path="/brand"
        component={signedIn(
          lazy(() => import("./pages/brand")),
          "the brand console",
        )}
      />
      <Route
        path="/brand/:brandId"
        component={signedIn(
          lazy(() => import("./pages/brand-console")),
          "the brand console",
        )}
      />
      <Route
        path="/receipts/:id"
        component={signedIn(
          lazy(() => import("./pages/receipt")),
          "this receipt",
        )}
      />
      <Route
        path="/campaigns"
        component={signedIn(
          lazy(() => import("./pages/campaigns")),
          "campaigns",
        )}
      />
      <Route
        path="/earnings"
        component={signedIn(
          lazy(() => import("./pages/earnings")),
          "your earnings",
        )}
      />
      <Route
        path="/payouts"
        component={signedIn(
          lazy(() => import("./pages/payouts")),
          "your payouts",
        )}
      />
      <Route
        path="/studio/links"
        component={signedIn(
          lazy(() => import("./pages/studio-links")),
          "your links",
        )}
      />
      <Route
        path="/studio/analytics"
        component={signedIn(
          lazy(() => import("./pages/studio-analytics")),
          "your analytics",
        )}
      />
      <Route
        path="/groupbuys"
        component={signedIn(
          lazy(() => import("./pages/my-groupbuys")),
          "your group-buys",
        )}
      />
      <Route path="/groupbuys/:id" component={lazy(() => import("./pages/groupbuy"))} />
      <Route path="/verify-email" component={lazy(() => import("./pages/verify-email"))} />
      <Route path="/forgot-password" component={lazy(() => import("./pages/forgot-password"))} />
      <Route path="/reset-password" component={lazy(() => import("./pages/reset-password"))} />
      <Route path="/notifications" component={lazy(() => import("./pages/notifications"))} />
      <Route path="/dev/mail" component={lazy(() => import("./pages/dev-mail"))} />
      <Route path="*404" component={lazy(() => import("./pages/not-found"))} />
    </Router>
  ),
  root,
);
