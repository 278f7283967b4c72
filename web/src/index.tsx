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
      <Route path="/studio/links" component={lazy(() => import("./pages/studio-links"))} />
      <Route path="/studio/analytics" component={lazy(() => import("./pages/studio-analytics"))} />
      <Route path="*404" component={lazy(() => import("./pages/not-found"))} />
    </Router>
  ),
  root,
);
