/**
 * WPS 表格 JS 宏（JSA）：按本表 B1:B5 的参数向服务请求分配结果，把每个县的编号、名称、金额写到第 8 行起。
 * A WPS Spreadsheets JS macro (JSA): asks the service for the allocation the cells B1:B5 describe and writes
 * id · name · amount per region from row 8 down.
 *
 *   B1 服务地址 service   http://127.0.0.1:8787      (npm run dev)
 *   B2 数据集 dataset      sample-20
 *   B3 总额 total          5000
 *   B4 单位 unit           wan
 *   B5 模型 model          sichuan-2024
 *
 * 使用：开发工具 → WPS 宏编辑器（JS 宏），新建模块，粘贴本文件，运行 Allocate。
 * Use: Developer Tools → WPS Macro Editor (JS macros), new module, paste this file, run Allocate.
 *
 * The request is the GET form of POST /v1/allocations (one URL, the same answer), with errors=text: a refused
 * request answers one line, "#ERROR <status> <code>: <English> / <中文>", which is written into A8.
 * It uses XMLHttpRequest, synchronously (a macro runs top to bottom), as in a browser. Tested against a stand-in
 * of the few objects it touches (tests/examples/wps.test.ts: Range(…).Value2 and XMLHttpRequest calling the real
 * service), not inside WPS itself: if your WPS has no XMLHttpRequest in JS macros, the README's =WEBSERVICE(…)
 * formulas need no macro. A private dataset: add &key=<a READ key> to the URL (a write key there is refused, 403).
 */
var FIRST_ROW = 8;
var COLUMNS = ['A', 'B', 'C'];

function Allocate() {
  var sheet = Application.ActiveSheet;
  var cell = function (address) {
    return String(sheet.Range(address).Value2 == null ? '' : sheet.Range(address).Value2).trim();
  };
  var origin = cell('B1').replace(/\/+$/, '');
  var url =
    origin +
    '/v1/allocations?dataset=' +
    encodeURIComponent(cell('B2')) +
    '&model=' +
    encodeURIComponent(cell('B5') || 'sichuan-2024') +
    '&total=' +
    encodeURIComponent(cell('B3')) +
    '&unit=' +
    encodeURIComponent(cell('B4') || 'wan') +
    '&errors=text';

  var xhr = new XMLHttpRequest();
  xhr.open('GET', url, false);
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.send();

  var text = xhr.responseText;
  if (xhr.status !== 200 || text.indexOf('#ERROR') === 0) {
    sheet.Range('A' + FIRST_ROW).Value2 = text || '#ERROR ' + xhr.status;
    return;
  }
  var answer = JSON.parse(text);
  var table = [['编号 id', '名称 name', '金额 amount (' + answer.unit + ')']];
  for (var i = 0; i < answer.rows.length; i++) {
    var row = answer.rows[i];
    // amounts come as exact decimal strings; a cell wants a number to add up
    table.push([row.id, row.name, Number(row.amount)]);
  }
  table.push(['合计 total', '', Number(answer.summary.sum)]);
  for (var r = 0; r < table.length; r++) {
    for (var c = 0; c < COLUMNS.length; c++) {
      sheet.Range(COLUMNS[c] + (FIRST_ROW + r)).Value2 = table[r][c];
    }
  }
}
