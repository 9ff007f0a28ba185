// The banner that says the numbers are generated, shown whenever the document's `demo` is true,
// so demo data is never mistaken for the user's own usage.
export function DemoBanner() {
  return (
    <div className="notice notice-demo" role="note" data-testid="demo-banner">
      <strong>Demo data.</strong> No Claude Code logs were found on this machine, so aios shows a generated history. Use
      Claude Code and refresh to see your own usage.
    </div>
  );
}
