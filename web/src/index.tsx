import { Route, Router } from "@solidjs/router";
import { lazy } from "solid-js";
import { render } from "solid-js/web";
import { Layout } from "./ui/layout";
import "./ui/styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");

render(
  () => (
    <Router root={Layout}>
      <Route path="/" component={lazy(() => import("./pages/home"))} />
      <Route path="/signup" component={lazy(() => import("./pages/signup"))} />
      <Route path="/login" component={lazy(() => import("./pages/login"))} />
      <Route path="/account" component={lazy(() => import("./pages/account"))} />
      <Route path="/guides/:id" component={lazy(() => import("./pages/guide"))} />
      <Route path="/tags/:tag" component={lazy(() => import("./pages/tag"))} />
      <Route path="/saved" component={lazy(() => import("./pages/saved"))} />
      <Route path="/studio" component={lazy(() => import("./pages/studio"))} />
      <Route path="/studio/new" component={lazy(() => import("./pages/editor"))} />
      <Route path="/studio/guides/:id" component={lazy(() => import("./pages/editor"))} />
      {/* Storefronts live at /@handle: a single segment that starts with "@". */}
      <Route
        path="/:handle"
        matchFilters={{ handle: /^@[A-Za-z0-9_]{3,30}$/ }}
        component={lazy(() => import("./pages/storefront"))}
      />
      <Route path="/brand" component={lazy(() => import("./pages/brand"))} />
      <Route path="/brand/:brandId" component={lazy(() => import("./pages/brand-console"))} />
      <Route path="/receipts/:id" component={lazy(() => import("./pages/receipt"))} />
      <Route path="/campaigns" component={lazy(() => import("./pages/campaigns"))} />
      <Route path="/earnings" component={lazy(() => import("./pages/earnings"))} />
      <Route path="/payouts" component={lazy(() => import("./pages/payouts"))} />
      <Route path="/studio/links" component={lazy(() => import("./pages/studio-links"))} />
      <Route path="/studio/analytics" component={lazy(() => import("./pages/studio-analytics"))} />
      <Route path="/groupbuys" component={lazy(() => import("./pages/my-groupbuys"))} />
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
