// The reports' stylesheet, inlined into each file: no fonts, images or anything else is fetched,
// and the page prints on A4 with every verdict still readable in black and white.
export const REPORT_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f4f5f7;color:#1c2430;font:15px/1.5 "Segoe UI","Noto Sans","DejaVu Sans",Helvetica,Arial,sans-serif;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:980px;margin:0 auto;padding:28px 28px 40px;background:#fff;min-height:100vh}
h1,h2,h3{color:#0f2a44;line-height:1.25;margin:0}
h1{font-size:26px;margin:6px 0 6px}
h2{font-size:19px;margin:34px 0 12px;padding-bottom:6px;border-bottom:2px solid #0f2a44}
h3{font-size:16px}
p{margin:6px 0}
a{color:#1d4f91}
code,.mono{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px;overflow-wrap:anywhere}
.brand{font-weight:700;letter-spacing:.14em;text-transform:uppercase;color:#5b6b7d;font-size:12px}
.lede{color:#425366;margin-bottom:14px}
.banner{border:1px solid;border-left-width:6px;padding:10px 14px;margin:10px 0;border-radius:4px}
.banner.warn{background:#fff8e6;border-color:#b7791f;color:#5c3d0c}
.banner.info{background:#eef4fb;border-color:#1d4f91;color:#0f2a44}
.banner.alert{background:#fdf0ef;border-color:#b42318;color:#6d1a12}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:14px 0 0;padding:14px 16px;background:#f7f8fa;border:1px solid #dde2e8;border-radius:6px}
.facts dt{color:#5b6b7d}
.facts dd{margin:0;font-weight:600}
.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin:8px 0 18px}
.tile{border:1px solid #dde2e8;border-top:5px solid;border-radius:6px;padding:10px 12px}
.tile .n{font-size:26px;font-weight:700;display:block}
.tile.blocked{border-top-color:#b42318}.tile.accessible{border-top-color:#2f7d32}
.tile.down{border-top-color:#6b7785}.tile.inconclusive{border-top-color:#b7791f}
table{width:100%;border-collapse:collapse;margin:6px 0 12px;font-size:13.5px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e3e7ec}
th{background:#eef1f5;color:#24364a;font-weight:600}
thead{display:table-header-group}
tr{break-inside:avoid}
td.num{text-align:right;white-space:nowrap}
table.kv td:first-child{width:34%;color:#425366}
.badge{display:inline-block;padding:1px 8px;border:1px solid;border-radius:10px;font-size:12px;font-weight:700;white-space:nowrap}
.badge.blocked{color:#b42318;background:#fdf0ef;border-color:#b42318}
.badge.accessible{color:#22632a;background:#eef7ee;border-color:#2f7d32}
.badge.down{color:#4a5563;background:#f1f3f5;border-color:#6b7785}
.badge.inconclusive{color:#7a4f0e;background:#fff8e6;border-color:#b7791f}
.badge.mixed{color:#4b2a7a;background:#f4effb;border-color:#6b46a3}
.fail{color:#b42318}
.ok{color:#22632a}
.muted{color:#6b7785}
.apps li{margin:4px 0}
.target{border:1px solid #dde2e8;border-radius:6px;padding:12px 14px 6px;margin:0 0 14px;break-inside:avoid}
.target header{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:baseline;margin-bottom:4px}
.target h3{font-size:16px}
.target .input{color:#5b6b7d;font-size:12.5px}
.evidence{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0;font-size:13.5px}
.evidence dt{color:#5b6b7d}
.evidence dd{margin:0}
.subhead{font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:#5b6b7d;margin:10px 0 2px}
.method p{max-width:72ch}
footer{margin-top:34px;padding-top:12px;border-top:1px solid #dde2e8;font-size:12.5px;color:#425366}
footer dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}
footer dd{margin:0}
.differ{background:#fff8e6}
@page{size:A4;margin:14mm 12mm 16mm;@bottom-right{content:counter(page) " / " counter(pages);font-size:9pt;color:#5b6b7d}}
@media print{
  body{background:#fff;font-size:10.5pt}
  main{max-width:none;padding:0;min-height:0}
  h2,h3,.subhead,.target header{break-after:avoid}
  .tile,.banner,.facts,dl.evidence{break-inside:avoid}
  .target{break-inside:auto}
  #evidence{break-before:page}
  a{color:inherit;text-decoration:none}
}
@media (max-width:640px){main{padding:16px}.tiles{grid-template-columns:repeat(2,1fr)}}
`;
