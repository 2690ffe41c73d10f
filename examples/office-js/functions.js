/**
 * An Excel custom function (Office.js / Office Add-ins): =ALLOCATOR.ALLOCATION(origin, dataset, total, [region])
 * answers one region's amount, or the total allocated, from POST /v1/allocations.
 * Excel 自定义函数（Office 加载项）：返回某县的分配金额，不给 region 时返回分配合计。
 *
 * Excel for Windows, Mac and the web run custom functions in a browser engine, so the service sees a
 * cross-origin request from the add-in's page. It is sent as a *simple* request (Content-Type: text/plain, no
 * other header), which browsers send without an OPTIONS preflight; the service reads a text/plain body that is
 * JSON exactly as application/json. The add-in's origin must be in the service's CORS_ORIGINS, or the browser
 * keeps the answer from the function.
 *
 * Plain JavaScript, no build step: functions.json beside it is the metadata Excel reads; the add-in's manifest
 * points at both (see Microsoft's "Create custom functions in Excel"). A private dataset needs an Authorization
 * header, which makes the request non-simple (a preflight, allowed by the service's CORS for listed origins).
 *
 * @customfunction
 * @param {string} origin The service, e.g. "http://127.0.0.1:8787".
 * @param {string} dataset A dataset id, e.g. "sample-20".
 * @param {number} total The amount to split, in 万元 (wan).
 * @param {string} [region] A region id; without it, the total allocated.
 * @returns {Promise<number>} The amount, in 万元.
 */
async function allocation(origin, dataset, total, region) {
  const body = {
    model: 'sichuan-2024',
    total: String(total),
    unit: 'wan',
    regions: { dataset: String(dataset) },
  };
  const response = await fetch(`${String(origin).replace(/\/+$/, '')}/v1/allocations`, {
    method: 'POST',
    // text/plain keeps the request "simple" (no preflight); the body is JSON all the same
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) {
    const first = (answer.errors && answer.errors[0]) || answer;
    return refuse(`#ERROR ${response.status} ${first.code || answer.title}: ${first.detail} / ${first.detail_zh}`);
  }
  if (region === undefined || region === null || region === '') return Number(answer.summary.sum);
  const row = answer.rows.find((r) => r.id === String(region));
  if (!row) return refuse(`#ERROR unknown-region: ${region} is not in ${dataset} / ${region} 不在数据集 ${dataset} 中`);
  return Number(row.amount);
}

/** In Excel, a #VALUE! with the reason as its message; elsewhere (the test page), the reason as an Error. */
function refuse(message) {
  if (typeof CustomFunctions !== 'undefined') {
    throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, message);
  }
  throw new Error(message);
}

if (typeof CustomFunctions !== 'undefined') CustomFunctions.associate('ALLOCATION', allocation);
