// Power Query (M): POST a calculation to the service and load the answer's rows as a table.
// Excel: Data → Get Data → From Other Sources → Blank Query → Advanced Editor, paste this, Done, Close & Load.
// 数据 → 获取数据 → 自其他源 → 空白查询 → 高级编辑器，粘贴本脚本 → 完成 → 关闭并上载。
// Excel for Windows and Power BI Desktop (Excel for Mac where its Power Query offers web sources); Refresh re-sends it.
//
// Origin: the service (npm run dev serves http://127.0.0.1:8787). Body: the request as JSON text, exactly what
// POST /v1/allocations takes (here the shipped public dataset sample-20 by reference; put "regions": [ … ] inline
// rows instead, or a private dataset with an Authorization header below). Inside an M text literal a " is written "".
// A private dataset: add Authorization = "Bearer <key>" to Headers. The key is then in the workbook's query;
// Excel's data source settings (Web API credentials) keep it out of the file instead.
let
    Origin = "http://127.0.0.1:8787",
    Body = Text.ToBinary("{""model"": ""sichuan-2024"", ""total"": ""5000.00"", ""unit"": ""wan"", ""regions"": {""dataset"": ""sample-20""}}", TextEncoding.Utf8),
    // Content makes Web.Contents send a POST; ManualStatusHandling lets the 4xx problem (JSON, in English and
    // Chinese) be shown instead of Power Query's generic "the remote server returned an error".
    Response = Web.Contents(
        Origin,
        [
            RelativePath = "v1/allocations",
            Headers = [#"Content-Type" = "application/json", Accept = "application/json"],
            Content = Body,
            ManualStatusHandling = {400, 401, 403, 404, 409, 413, 415, 422, 429}
        ]
    ),
    Status = Value.Metadata(Response)[Response.Status],
    Answer = Json.Document(Response, TextEncoding.Utf8),
    Checked = if Status = 200 then Answer else error Error.Record(
        "HTTP " & Text.From(Status),
        Answer[detail] & " / " & Answer[detail_zh],
        Answer[errors]
    ),
    Rows = Table.FromRecords(Checked[rows], {"id", "name", "amount", "share", "rank"}, MissingField.UseNull),
    // Amounts come as exact decimal strings ("530.23"): Fixed decimal (Currency.Type, four places) keeps them exact.
    Typed = Table.TransformColumnTypes(
        Rows,
        {{"id", type text}, {"name", type text}, {"amount", Currency.Type}, {"share", type number}, {"rank", Int64.Type}},
        "en-US"
    )
in
    Typed
