"""One table of user-facing messages in zh-Hans, zh-Hant and en.

Each entry maps a key to ``(what went wrong, how to fix it)`` per language.
Placeholders in braces are filled from the error's parameters; a value the
user typed is shown shortened and with control characters escaped, so a
message never carries a whole hostile cell.

Taiwan usage differs from mainland usage for spreadsheets: a row is 列 and a
column is 欄 in zh-Hant, while zh-Hans says 行 and 列.
"""
from __future__ import annotations

LANGUAGES = ("zh-Hans", "zh-Hant", "en")

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    # --- files -----------------------------------------------------------
    "file_not_found": {
        "zh-Hans": ("找不到文件。", "请检查路径和文件名是否正确。"),
        "zh-Hant": ("找不到檔案。", "請檢查路徑與檔名是否正確。"),
        "en": ("The file does not exist.", "Check the path and the file name."),
    },
    "file_empty": {
        "zh-Hans": ("文件是空的，没有任何数据。", "请重新从问卷平台导出数据后再上传。"),
        "zh-Hant": ("檔案是空的，沒有任何資料。", "請從問卷平台重新匯出資料後再上傳。"),
        "en": ("The file is empty.", "Export the responses from your survey platform again and upload the new file."),
    },
    "file_binary": {
        "zh-Hans": ("文件不是可识别的表格（CSV、XLSX、XLS 或 SPSS .sav），看起来是二进制或已损坏的文件。",
                    "请上传问卷平台导出的 CSV、Excel 或 SPSS 文件；如果文件损坏，请重新导出。"),
        "zh-Hant": ("檔案不是可辨識的表格（CSV、XLSX、XLS 或 SPSS .sav），看起來是二進位或已損壞的檔案。",
                    "請上傳問卷平台匯出的 CSV、Excel 或 SPSS 檔案；若檔案損壞，請重新匯出。"),
        "en": ("The file is not a table this toolkit can read (CSV, XLSX, XLS or SPSS .sav); it looks binary or damaged.",
               "Upload the CSV, Excel or SPSS file exported by your survey platform; if it is damaged, export it again."),
    },
    "file_encoding": {
        "zh-Hans": ("无法识别文件的文字编码（已尝试 UTF-8、GB18030/GBK、Big5）。",
                    "请用 Excel 或记事本“另存为” UTF-8 编码的 CSV，或直接上传 .xlsx 文件。"),
        "zh-Hant": ("無法辨識檔案的文字編碼（已嘗試 UTF-8、GB18030/GBK、Big5）。",
                    "請用 Excel 或記事本「另存新檔」為 UTF-8 編碼的 CSV，或直接上傳 .xlsx 檔案。"),
        "en": ("The text encoding of the file could not be recognised (tried UTF-8, GB18030/GBK, Big5).",
               "Save the file again as a UTF-8 CSV (Excel: Save As → CSV UTF-8), or upload the .xlsx file instead."),
    },
    "file_unreadable": {
        "zh-Hans": ("无法读取该 {format} 文件：{detail}", "请用原软件打开并重新保存，或从问卷平台重新导出。"),
        "zh-Hant": ("無法讀取此 {format} 檔案：{detail}", "請用原軟體開啟後重新儲存，或從問卷平台重新匯出。"),
        "en": ("The {format} file could not be read: {detail}",
               "Open it in the program that made it and save it again, or export it again from the survey platform."),
    },
    "file_ragged_row": {
        "zh-Hans": ("这一行的单元格比表头多（{found} 个，表头只有 {expected} 列）。",
                    "通常是答案里含有未加引号的逗号。请在 Excel 中打开检查这一行，或改为上传 .xlsx 文件。"),
        "zh-Hant": ("這一列的儲存格比標題多（{found} 個，標題只有 {expected} 欄）。",
                    "通常是答案中含有未加引號的逗號。請在 Excel 中開啟檢查這一列，或改為上傳 .xlsx 檔案。"),
        "en": ("This row has more cells ({found}) than the header has columns ({expected}).",
               "Usually an answer contains an unquoted comma. Open the file in Excel and check this row, or upload the .xlsx export instead."),
    },
    "file_no_header": {
        "zh-Hans": ("第一行（表头）是空的，无法知道各列是什么题目。",
                    "请确认第一行是题目或变量名，再重新上传。"),
        "zh-Hant": ("第一列（標題列）是空的，無法得知各欄是哪一題。",
                    "請確認第一列是題目或變數名稱，再重新上傳。"),
        "en": ("The first row (the header) is empty, so the columns cannot be identified.",
               "Make sure the first row holds the question texts or variable names, then upload again."),
    },
    "file_no_rows": {
        "zh-Hans": ("文件只有表头，没有任何答卷。", "请确认问卷已有人作答，并导出全部答卷。"),
        "zh-Hant": ("檔案只有標題列，沒有任何答卷。", "請確認問卷已有人作答，並匯出全部答卷。"),
        "en": ("The file has a header but no responses.", "Check that the survey has responses and export all of them."),
    },
    "file_too_many_columns": {
        "zh-Hans": ("文件有 {found} 列，超过上限 {limit} 列。", "请只导出问卷题目所在的列。"),
        "zh-Hant": ("檔案有 {found} 欄，超過上限 {limit} 欄。", "請只匯出問卷題目所在的欄。"),
        "en": ("The file has {found} columns, more than the limit of {limit}.",
               "Export only the columns that hold the questionnaire's answers."),
    },
    "file_too_many_rows": {
        "zh-Hans": ("文件超过 {limit} 行的上限。", "请删除多余的行，或把数据分成几个文件分别导入。"),
        "zh-Hant": ("檔案超過 {limit} 列的上限。", "請刪除多餘的列，或把資料分成幾個檔案分別匯入。"),
        "en": ("The file has more than {limit} rows.",
               "Delete the rows that are not responses, or split the data into several files and import each."),
    },
    "file_write": {
        "zh-Hans": ("无法写入输出文件：{detail}", "请确认输出文件夹存在、可写，且没有同名文件占用。"),
        "zh-Hant": ("無法寫入輸出檔案：{detail}", "請確認輸出資料夾存在、可寫入，且沒有同名檔案占用。"),
        "en": ("The output could not be written: {detail}",
               "Check that the output folder exists, is writable and is not taken by a file of the same name."),
    },
    "sheet_not_found": {
        "zh-Hans": ("工作簿中没有名为“{sheet}”的工作表（现有：{sheets}）。", "请指定现有的工作表名称，或不指定以读取第一个工作表。"),
        "zh-Hant": ("活頁簿中沒有名為「{sheet}」的工作表（現有：{sheets}）。", "請指定現有的工作表名稱，或不指定以讀取第一個工作表。"),
        "en": ("The workbook has no sheet named '{sheet}' (it has: {sheets}).",
               "Name an existing sheet, or leave the sheet out to read the first one."),
    },
    # --- questionnaires ---------------------------------------------------
    "q_not_found": {
        "zh-Hans": ("找不到问卷模板“{name}”（内置模板：{templates}）。", "请使用内置模板名称，或给出问卷 YAML 文件的路径。"),
        "zh-Hant": ("找不到問卷範本「{name}」（內建範本：{templates}）。", "請使用內建範本名稱，或提供問卷 YAML 檔案的路徑。"),
        "en": ("There is no questionnaire template named '{name}' (built-in: {templates}).",
               "Use a built-in template name or give the path of a questionnaire YAML file."),
    },
    "q_yaml_syntax": {
        "zh-Hans": ("问卷文件不是有效的 YAML：{detail}", "请检查该处的缩进、冒号和引号。"),
        "zh-Hant": ("問卷檔案不是有效的 YAML：{detail}", "請檢查該處的縮排、冒號與引號。"),
        "en": ("The questionnaire file is not valid YAML: {detail}", "Check the indentation, colons and quotes there."),
    },
    "q_schema": {
        "zh-Hans": ("问卷文件的键 {yaml_key} 有误：{problem_zh}", "请对照问卷格式说明（questionnaires/SCHEMA.md）修改该键。"),
        "zh-Hant": ("問卷檔案的鍵 {yaml_key} 有誤：{problem_zh_hant}", "請對照問卷格式說明（questionnaires/SCHEMA.md）修改此鍵。"),
        "en": ("Questionnaire key {yaml_key} is invalid: {problem_en}",
               "Correct that key as described in the questionnaire schema (questionnaires/SCHEMA.md)."),
    },
    # --- mapping and data -------------------------------------------------
    "mapping_file": {
        "zh-Hans": ("列映射无效：{detail}", "映射应为“列名: 题目编号”的字典或 YAML 文件，题目编号必须存在于问卷中。"),
        "zh-Hant": ("欄位對應無效：{detail}", "對應應為「欄名: 題目編號」的字典或 YAML 檔案，題目編號必須存在於問卷中。"),
        "en": ("The column mapping is invalid: {detail}",
               "A mapping is a dict or YAML file of 'column: item id'; every item id must exist in the questionnaire."),
    },
    "no_items_mapped": {
        "zh-Hans": ("没有任何一列能对应到问卷“{questionnaire}”的题目。",
                    "请确认选择了正确的问卷模板，或提供列映射（列名: 题目编号），例如 “5、物流费用合理: ECO1”。"),
        "zh-Hant": ("沒有任何一欄能對應到問卷「{questionnaire}」的題目。",
                    "請確認選擇了正確的問卷範本，或提供欄位對應（欄名: 題目編號），例如「5、物流費用合理: ECO1」。"),
        "en": ("No column could be matched to an item of questionnaire '{questionnaire}'.",
               "Check that you chose the right questionnaire, or give a mapping of 'column: item id', e.g. '5、物流费用合理: ECO1'."),
    },
    "value_unrecognised": {
        "zh-Hans": ("答案不是该题量表上的选项（{scale}）。", "请检查原始数据；该值已按缺失处理。"),
        "zh-Hant": ("答案不是此題量表上的選項（{scale}）。", "請檢查原始資料；此值已視為遺漏值。"),
        "en": ("The answer is not an option of this item's scale ({scale}).",
               "Check the raw data; the value was set to missing."),
    },
    "value_out_of_range": {
        "zh-Hans": ("数值超出该题量表的范围（{scale}）。", "请检查录入是否有误；该值已按缺失处理。"),
        "zh-Hant": ("數值超出此題量表的範圍（{scale}）。", "請檢查輸入是否有誤；此值已視為遺漏值。"),
        "en": ("The number is outside this item's scale ({scale}).",
               "Check for a data-entry error; the value was set to missing."),
    },
    "value_label_unrecognised": {
        "zh-Hans": ("该代码的 SPSS 值标签“{label}”不是该题的选项（{scale}）。",
                    "已按数字代码读取（本列其他值标签与问卷编码不矛盾）；请在 SPSS 的“变量视图 → 值”中确认代码方向与问卷一致。"),
        "zh-Hant": ("此代碼的 SPSS 數值標籤「{label}」不是此題的選項（{scale}）。",
                    "已依數字代碼讀取（本欄其他數值標籤與問卷編碼不矛盾）；請在 SPSS 的「變數視圖 → 數值」中確認代碼方向與問卷一致。"),
        "en": ("The SPSS value label '{label}' of this code is not an option of this item ({scale}).",
               "The numeric code was used (no other label of this column contradicts the questionnaire's codes); "
               "check in SPSS (Variable View → Values) that the codes run in the questionnaire's direction."),
    },
    "value_label_conflict": {
        "zh-Hans": ("本列的 SPSS 值标签与问卷编码不同（{scale}），而这个代码的标签“{label}”无法识别。",
                    "该值已按缺失处理：数字代码不可信。请在 SPSS 中为该代码加上量表上的标签或重新编码，然后再导入。"),
        "zh-Hant": ("本欄的 SPSS 數值標籤與問卷編碼不同（{scale}），而此代碼的標籤「{label}」無法辨識。",
                    "此值已視為遺漏值：數字代碼不可信。請在 SPSS 中為此代碼加上量表上的標籤或重新編碼，然後再匯入。"),
        "en": ("The SPSS value labels of this column code the answers differently from the questionnaire "
               "({scale}), and this code's label '{label}' is not recognised.",
               "The value was set to missing, as its numeric code cannot be trusted. Give the code a label from "
               "the scale in SPSS (Variable View → Values) or recode the column, then import again."),
    },
    "data_invalid": {
        "zh-Hans": ("数据不能用于此分析：{detail}。", "{fix_zh}"),
        "zh-Hant": ("資料不能用於此分析：{detail}。", "{fix_zh_hant}"),
        "en": ("The data cannot be used for this analysis: {detail}.", "{fix_en}"),
    },
    "option_invalid": {
        "zh-Hans": ("参数 {option} 的值无效：{detail}。", "{fix_zh}"),
        "zh-Hant": ("參數 {option} 的值無效：{detail}。", "{fix_zh_hant}"),
        "en": ("Option {option} is invalid: {detail}.", "{fix_en}"),
    },
}

_WHERE = {
    "zh-Hans": {"file": "文件“{}”", "row": "第 {} 行", "column": "“{}”列", "value": "值“{}”",
                "lead": "位置：", "sep": "，"},
    "zh-Hant": {"file": "檔案「{}」", "row": "第 {} 列", "column": "「{}」欄", "value": "值「{}」",
                "lead": "位置：", "sep": "，"},
    "en": {"file": "file '{}'", "row": "row {}", "column": "column '{}'", "value": "value '{}'",
           "lead": "Where: ", "sep": ", "},
}


def shorten(value, limit: int = 60) -> str:
    """A user value made safe for a one-line message."""
    text = str(value)
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Params(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def render_message(key: str, lang: str, params: dict) -> tuple[str, str]:
    what, fix = MESSAGES[key][lang]
    safe = _Params({k: shorten(v, 200) for k, v in params.items()})
    return what.format_map(safe), fix.format_map(safe)


def where_text(lang: str, *, file=None, row=None, column=None, value=None) -> str:
    w = _WHERE[lang]
    parts = []
    if file is not None:
        parts.append(w["file"].format(shorten(file, 120)))
    if row is not None:
        parts.append(w["row"].format(row))
    if column is not None:
        parts.append(w["column"].format(shorten(column)))
    if value is not None:
        parts.append(w["value"].format(shorten(value)))
    if not parts:
        return ""
    end = "。" if lang != "en" else "."
    return w["lead"] + w["sep"].join(parts) + end
