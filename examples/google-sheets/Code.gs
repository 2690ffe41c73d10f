/**
 * =ALLOCATE(origin, dataset, total, unit, model, key): the allocation of `total` over a dataset's regions, as a
 * table (a header row, then id · name · amount per region), from POST /v1/allocations.
 *
 * Google Sheets: Extensions → Apps Script, paste this file, save; then in a cell:
 *   =ALLOCATE("https://allocator.example.gov.cn", "sample-20", 5000)
 * 扩展程序 → Apps Script，粘贴本文件并保存；在单元格中输入上面的公式。
 *
 * Apps Script runs on Google's servers, not on your computer: `origin` must be an https address Google can reach
 * (a deployed Worker). http://127.0.0.1:8787 (npm run dev) is on your machine only, so Google cannot call it.
 * Apps Script 在 Google 的服务器上运行：origin 须是 Google 能访问的 https 地址；本机的 127.0.0.1 它访问不到。
 *
 * The request is a JSON POST, so the key (for a private dataset) goes in the Authorization header, never in a URL.
 * A refused request shows the service's reason in the cell: #ERROR <status> <code>: <English> / <中文>.
 *
 * @param {string} origin The service, e.g. "https://allocator.example.gov.cn".
 * @param {string} dataset A dataset id, e.g. "sample-20".
 * @param {number} total The amount to split, in `unit`.
 * @param {string} [unit] "wan" (万元, default) or "yuan".
 * @param {string} [model] The model id, default "sichuan-2024".
 * @param {string} [key] An API key, for a private dataset.
 * @return The table: id, name, amount.
 * @customfunction
 */
function ALLOCATE(origin, dataset, total, unit, model, key) {
  var body = {
    model: model || 'sichuan-2024',
    // a sheet's number (5000) as the decimal text the service reads exactly
    total: String(total),
    unit: unit || 'wan',
    regions: { dataset: String(dataset) },
  };
  var options = {
    method: 'post',
    contentType: 'application/json',
    payload: JSON.stringify(body),
    // a 4xx comes back as an answer to read, not an exception that shows only "Request failed"
    muteHttpExceptions: true,
  };
  if (key) options.headers = { Authorization: 'Bearer ' + key };
  var response = UrlFetchApp.fetch(String(origin).replace(/\/+$/, '') + '/v1/allocations', options);
  var status = response.getResponseCode();
  var answer = JSON.parse(response.getContentText('UTF-8'));
  if (status !== 200) {
    var first = (answer.errors && answer.errors[0]) || answer;
    var more = answer.errors && answer.errors.length > 1 ? ' (+' + (answer.errors.length - 1) + ' more)' : '';
    return '#ERROR ' + status + ' ' + (first.code || answer.title) + ': ' + first.detail + ' / ' + first.detail_zh + more;
  }
  var table = [['id', 'name', 'amount (' + answer.unit + ')']];
  for (var i = 0; i < answer.rows.length; i++) {
    var row = answer.rows[i];
    table.push([row.id, row.name, Number(row.amount)]);
  }
  return table;
}
