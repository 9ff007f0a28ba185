// All-time totals with the unpriced-model caveat, and a footer saying what was scanned and how
// fast, so a user can tell where the numbers came from.
import { formatCost, formatInteger, formatTokens, shortModelName } from '../view/format.ts';
import type { UsageData, UsageSources } from '../contract/usage-data.ts';

export function TotalsStrip({ data }: { data: UsageData }) {
  const { totals, unpricedModels } = data;
  return (
    <section className="totals" aria-label="All-time totals">
      <dl>
        <div>
          <dt>Cost, all time</dt>
          <dd>{formatCost(totals)}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd title={formatInteger(totals.totalTokens)}>{formatTokens(totals.totalTokens)}</dd>
        </div>
        <div>
          <dt>Responses</dt>
          <dd>{formatInteger(totals.requests)}</dd>
        </div>
        <div>
          <dt>Days with usage</dt>
          <dd>{formatInteger(data.daily.filter((d) => d.totalTokens > 0).length)}</dd>
        </div>
      </dl>
      {unpricedModels.length > 0 && (
        <p className="caveat" data-testid="unpriced-note">
          No price known for {unpricedModels.map(shortModelName).join(', ')}: their{' '}
          {formatTokens(totals.unpricedTokens)} tokens are counted, their cost is unknown (not $0).
        </p>
      )}
    </section>
  );
}

export function SourcesFooter({ sources }: { sources: UsageSources }) {
  const skipped = Object.values(sources.skipped).reduce((a, b) => a + b, 0);
  return (
    <footer className="sources">
      <p>
        Scanned {formatInteger(sources.files)} log files ({formatInteger(sources.filesRead)} read this time) in{' '}
        {formatInteger(sources.scanMs)} ms: {formatInteger(sources.entries)} responses,{' '}
        {formatInteger(sources.duplicates)} duplicate copies dropped
        {skipped > 0 && <>, {formatInteger(skipped)} lines skipped</>}
        {sources.unreadableFiles.length > 0 && <>, {sources.unreadableFiles.length} files unreadable</>}.
      </p>
      {sources.dirs.length > 0 && <p>From {sources.dirs.join(', ')}.</p>}
    </footer>
  );
}
