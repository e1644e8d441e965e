namespace RightSize.Reports;

/// <summary>The report's inline stylesheet: system fonts only, so the file renders the same offline.</summary>
internal static class ReportStyles
{
    internal const string Css = """
        :root { color-scheme: light; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1b1f24;
               margin: 0 auto; max-width: 1200px; padding: 24px; background: #fff; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 24px 0 4px; }
        code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
        dl.facts dt { color: #57606a; }
        dl.facts dd { margin: 0; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top; text-align: left; }
        th { background: #f6f8fa; font-weight: 600; font-size: 12px; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td ul { margin: 0; padding-left: 16px; }
        .muted { color: #57606a; font-size: 12px; }
        .env { font-size: 12px; color: #0550ae; }
        .note { background: #f6f8fa; border-left: 4px solid #0969da; padding: 8px 12px; }
        .failure { background: #ffebe9; border-left: 4px solid #cf222e; padding: 8px 12px; }
        .status { font-weight: 600; padding: 1px 6px; border-radius: 10px; font-size: 12px; background: #eaeef2; }
        .status-completed { background: #dafbe1; color: #116329; }
        .status-failed { background: #ffebe9; color: #a40e26; }
        .status-stopped, .status-stopping { background: #fff8c5; color: #7d4e00; }
        .status-in_progress { background: #ddf4ff; color: #0550ae; }
        .caveat { font-weight: 600; padding: 1px 6px; border-radius: 10px; font-size: 12px; background: #fff8c5; color: #7d4e00; white-space: nowrap; }
        svg.chart-group { width: 100%; max-width: 960px; height: auto; display: block; }
        .chart text { font: 11px system-ui, sans-serif; fill: #57606a; }
        .chart .chart-title { font-size: 13px; font-weight: 600; fill: #1b1f24; }
        .chart .tick-y { text-anchor: end; }
        .chart .tick-x, .chart .axis-label, .chart .range-label { text-anchor: middle; }
        .chart .range-label { fill: #9a6700; }
        .chart .grid { stroke: #eaeef2; }
        .chart .axis { stroke: #8c959f; }
        .chart .series { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
        .chart .legend-swatch { stroke-width: 3; }
        .chart .reference { stroke-width: 1.2; stroke-dasharray: 6 4; }
        .chart .range { fill: #d4a72c; fill-opacity: 0.18; }
        """;
}
