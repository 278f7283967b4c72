// Imported first by the local runner. The AWS SDK warns on Node 20 that later versions will need Node 22;
// it emits that as a plain "Warning" (no code), which `--disable-warning=NodeVersionSupportWarning` does not
// match, so the start scripts' flag never silenced it. This switch is the SDK's own.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
