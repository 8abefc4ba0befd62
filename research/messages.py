"""One table of user-facing messages in zh-Hans, zh-Hant and en.

Each entry maps a key to ``(what went wrong, how to fix it)`` per language.
Placeholders in braces are filled from the error's parameters; a value the
user typed is shown shortened and with control characters escaped, so a
message never carries a whole hostile cell.

Taiwan usage differs from mainland usage for spreadsheets: a row is 列 and a
column is 欄 in zh-Hant, while zh-Hans says 行 and 列.
"""
from __future__ import annotations

import re

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
    # --- outputs (research.outputs; results.json read back) ------------
    "output_is_input": {
        "zh-Hans": ("输出会覆盖本命令读取的输入文件“{input}”；什么都没有写入。",
                    "请另选输出路径（--out）。命令从不覆盖它读取的文件，加上 --force 也不会。"),
        "zh-Hant": ("輸出會覆寫本命令讀取的輸入檔案「{input}」；沒有寫入任何東西。",
                    "請另選輸出路徑（--out）。命令絕不覆寫它讀取的檔案，加上 --force 也不會。"),
        "en": ("The output would replace '{input}', an input of this command; nothing was written.",
               "Choose another output path (--out). A command never writes over a file it reads, not even with --force."),
    },
    "output_exists": {
        "zh-Hans": ("输出文件已存在，且无法确认是 `research {command}` 先前写出的同类文件；它保持原样，什么都没有写入。",
                    "请另选输出路径（--out）或移走该文件；若确要替换，请加上 --force（原文件会先备份为“文件名.~1~”）。"),
        "zh-Hant": ("輸出檔案已存在，且無法確認是 `research {command}` 先前寫出的同類檔案；它保持原樣，沒有寫入任何東西。",
                    "請另選輸出路徑（--out）或移走該檔案；若確要取代，請加上 --force（原檔案會先備份為「檔名.~1~」）。"),
        "en": ("The output file already exists and is not known to be an earlier output of `research {command}`; it "
               "was left as it is and nothing was written.",
               "Choose another output path (--out) or move the file away; to replace it, add --force (a copy is "
               "kept first as NAME.~1~)."),
    },
    "output_format": {
        "zh-Hans": ("报告不能写成这样的文件名：{detail}。报告格式只有 docx、html、md 和 tex（不直接写 PDF）。",
                    "请让 --out 以 .docx、.html、.md 或 .tex 结尾（与 --format 一致）；需要 PDF 时，先写 DOCX，再用 Word 或 LibreOffice 另存为 PDF。"),
        "zh-Hant": ("報告不能寫成這樣的檔名：{detail}。報告格式只有 docx、html、md 和 tex（不直接寫 PDF）。",
                    "請讓 --out 以 .docx、.html、.md 或 .tex 結尾（與 --format 一致）；需要 PDF 時，先寫 DOCX，再用 Word 或 LibreOffice 另存為 PDF。"),
        "en": ("The report cannot be written under this name: {detail}. Its formats are docx, html, md and tex "
               "(a PDF is not written).",
               "End --out with .docx, .html, .md or .tex (matching --format); for a PDF, write the DOCX and save "
               "it as PDF in Word or LibreOffice."),
    },
    "results_damaged": {
        "zh-Hans": ("结果文件已损坏，或不是 `research analyze` 写出的：{problem_zh}。",
                    "请重新运行 `research analyze`，并使用它写出的 results.json。"),
        "zh-Hant": ("結果檔案已損壞，或不是 `research analyze` 寫出的：{problem_zh_hant}。",
                    "請重新執行 `research analyze`，並使用它寫出的 results.json。"),
        "en": ("The results file is damaged or was not written by `research analyze`: {problem_en}.",
               "Run `research analyze` again and give the results.json it writes."),
    },
    "results_too_big": {
        "zh-Hans": ("结果文件有 {size} MB，超过上限 {limit} MB。", "`research analyze` 写出的 results.json 远小于此，请确认文件是否选对。"),
        "zh-Hant": ("結果檔案有 {size} MB，超過上限 {limit} MB。", "`research analyze` 寫出的 results.json 遠小於此，請確認檔案是否選對。"),
        "en": ("The results file is {size} MB, more than the limit of {limit} MB.",
               "A results.json written by `research analyze` is far smaller: check that this is the right file."),
    },
    "sheet_not_found": {
        "zh-Hans": ("工作簿中没有名为“{sheet}”的工作表（现有：{sheets}）。", "请指定现有的工作表名称，或不指定以读取第一个工作表。"),
        "zh-Hant": ("活頁簿中沒有名為「{sheet}」的工作表（現有：{sheets}）。", "請指定現有的工作表名稱，或不指定以讀取第一個工作表。"),
        "en": ("The workbook has no sheet named '{sheet}' (it has: {sheets}).",
               "Name an existing sheet, or leave the sheet out to read the first one."),
    },
    # --- size limits and guarded readers (research.limits) ----------------
    "file_too_large": {
        "zh-Hans": ("文件有 {size} MB，超过 {limit} MB 的上限。",
                    "请只导出答卷和需要的列（不含附件、图片），或把数据分成几个文件。"),
        "zh-Hant": ("檔案有 {size} MB，超過 {limit} MB 的上限。",
                    "請只匯出答卷與需要的欄（不含附件、圖片），或把資料分成幾個檔案。"),
        "en": ("The file is {size} MB, more than the limit of {limit} MB.",
               "Export only the responses and the columns you need (no attachments or pictures), "
               "or split the data into several files."),
    },
    "file_expands": {
        "zh-Hans": ("这个 {format} 文件展开后需要 {found} MB，超过 {limit} MB 的上限。",
                    "问卷导出的数据不会这么大：请从问卷平台重新导出，或在 Excel 中只保存答卷所在的工作表；"
                    "如果文件不是来自问卷平台，请不要打开它。"),
        "zh-Hant": ("此 {format} 檔案展開後需要 {found} MB，超過 {limit} MB 的上限。",
                    "問卷匯出的資料不會這麼大：請從問卷平台重新匯出，或在 Excel 中只儲存答卷所在的工作表；"
                    "若檔案不是來自問卷平台，請不要開啟它。"),
        "en": ("Opened, this {format} file would take {found} MB, more than the limit of {limit} MB.",
               "A survey export is never this large: export it again from the survey platform, or save only the "
               "sheet with the responses in Excel. If the file did not come from your survey platform, do not open it."),
    },
    "xlsx_zip_ratio": {
        "zh-Hans": ("工作簿的组成部分“{part}”解压后膨胀 {ratio} 倍，而表格文件最多约 {limit} 倍（这是“压缩炸弹”的特征）。",
                    "请用 Excel 打开后重新另存为 .xlsx；如果文件不是来自问卷平台，请不要打开它。"),
        "zh-Hant": ("活頁簿的組成部分「{part}」解壓縮後膨脹 {ratio} 倍，而試算表檔案最多約 {limit} 倍（這是「壓縮炸彈」的特徵）。",
                    "請用 Excel 開啟後重新另存為 .xlsx；若檔案不是來自問卷平台，請不要開啟它。"),
        "en": ("The workbook part '{part}' expands {ratio} times when unzipped; a spreadsheet expands at most "
               "about {limit} times (this is the mark of a zip bomb).",
               "Open the file in Excel and save it again as .xlsx; if it did not come from your survey platform, "
               "do not open it."),
    },
    "xlsx_too_many_parts": {
        "zh-Hans": ("工作簿由 {found} 个部分组成，超过 {limit} 个的上限（正常的工作簿只有几十个）。",
                    "请用 Excel 打开后只把答卷所在的工作表另存为新的 .xlsx 文件。"),
        "zh-Hant": ("活頁簿由 {found} 個部分組成，超過 {limit} 個的上限（正常的活頁簿只有幾十個）。",
                    "請用 Excel 開啟後只把答卷所在的工作表另存為新的 .xlsx 檔案。"),
        "en": ("The workbook consists of {found} parts, more than the limit of {limit} (a workbook has tens).",
               "Open it in Excel and save the sheet with the responses as a new .xlsx file."),
    },
    "xlsx_part_too_complex": {
        "zh-Hans": ("工作簿的组成部分“{part}”含有超过 {limit} 个 XML 标记，超出任何表格软件写出的规模。",
                    "请用 Excel 打开后重新另存为 .xlsx（可先删除多余的格式、批注和超链接）；"
                    "如果文件不是来自问卷平台，请不要打开它。"),
        "zh-Hant": ("活頁簿的組成部分「{part}」含有超過 {limit} 個 XML 標記，超出任何試算表軟體寫出的規模。",
                    "請用 Excel 開啟後重新另存為 .xlsx（可先刪除多餘的格式、註解與超連結）；"
                    "若檔案不是來自問卷平台，請不要開啟它。"),
        "en": ("The workbook part '{part}' holds more than {limit} XML tags, more than a spreadsheet program writes.",
               "Open the file in Excel and save it again as .xlsx (deleting unneeded formatting, comments and "
               "links first); if it did not come from your survey platform, do not open it."),
    },
    "xlsx_row_too_complex": {
        "zh-Hans": ("工作表“{part}”的一行含有超过 {limit} 个 XML 标记，超出 Excel 16 384 列所能容纳的。",
                    "文件已损坏或不是由表格软件写出：请用 Excel 打开后重新保存，或从问卷平台重新导出。"),
        "zh-Hant": ("工作表「{part}」的一列含有超過 {limit} 個 XML 標記，超出 Excel 16 384 欄所能容納的。",
                    "檔案已損壞或不是由試算表軟體寫出：請用 Excel 開啟後重新儲存，或從問卷平台重新匯出。"),
        "en": ("A row of the sheet '{part}' holds more than {limit} XML tags, more than Excel's 16 384 columns need.",
               "The file is damaged or was not written by a spreadsheet program: open it in Excel and save it "
               "again, or export it again from the survey platform."),
    },
    "xlsx_doctype": {
        "zh-Hans": ("工作簿的组成部分“{part}”含有 DOCTYPE 声明，表格软件从不写出这种内容。",
                    "请用 Excel 打开后重新另存为 .xlsx；如果文件不是来自问卷平台，请不要打开它。"),
        "zh-Hant": ("活頁簿的組成部分「{part}」含有 DOCTYPE 宣告，試算表軟體從不寫出這種內容。",
                    "請用 Excel 開啟後重新另存為 .xlsx；若檔案不是來自問卷平台，請不要開啟它。"),
        "en": ("The workbook part '{part}' holds a DOCTYPE declaration, which no spreadsheet program writes.",
               "Open the file in Excel and save it again as .xlsx; if it did not come from your survey platform, "
               "do not open it."),
    },
    "xlsx_shared_strings": {
        "zh-Hans": ("工作簿含有超过 {limit} 个不同的文字（共享字符串）。",
                    "请只导出问卷题目所在的列，或把数据分成几个文件；也可以改为导出 CSV。"),
        "zh-Hant": ("活頁簿含有超過 {limit} 個不同的文字（共用字串）。",
                    "請只匯出問卷題目所在的欄，或把資料分成幾個檔案；也可以改為匯出 CSV。"),
        "en": ("The workbook holds more than {limit} distinct texts (shared strings).",
               "Export only the questionnaire's columns, or split the data into several files; or export a CSV instead."),
    },
    "file_too_many_cells": {
        "zh-Hans": ("表格超过 {limit} 个单元格（行数 × 列数）的上限。",
                    "请只导出问卷题目所在的列，或把数据分成几个文件；CSV 文件是逐块读取的，不受此限制。"),
        "zh-Hant": ("表格超過 {limit} 個儲存格（列數 × 欄數）的上限。",
                    "請只匯出問卷題目所在的欄，或把資料分成幾個檔案；CSV 檔案是逐塊讀取的，不受此限制。"),
        "en": ("The table has more than {limit} cells (rows × columns).",
               "Export only the questionnaire's columns, or split the data into several files; a CSV is read in "
               "blocks and has no such limit."),
    },
    "xlsx_beyond_grid": {
        "zh-Hans": ("工作表有超出第 {limit} 行（Excel 的最后一行）的行。",
                    "文件已损坏或不是由表格软件写出：请用 Excel 打开后重新保存，或从问卷平台重新导出。"),
        "zh-Hant": ("工作表有超出第 {limit} 列（Excel 的最後一列）的列。",
                    "檔案已損壞或不是由試算表軟體寫出：請用 Excel 開啟後重新儲存，或從問卷平台重新匯出。"),
        "en": ("The sheet has rows beyond row {limit}, the last row of an Excel sheet.",
               "The file is damaged or was not written by a spreadsheet program: open it in Excel and save it "
               "again, or export it again from the survey platform."),
    },
    "file_encrypted": {
        "zh-Hans": ("工作簿设置了打开密码（已加密），无法读取。",
                    "请在 Excel 中输入密码打开，依次选择“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码后保存"
                    "（WPS：文件 → 文档加密 → 密码加密），再上传这个没有密码的副本。"),
        "zh-Hant": ("活頁簿設定了開啟密碼（已加密），無法讀取。",
                    "請在 Excel 中輸入密碼開啟，依序選擇「檔案 → 資訊 → 保護活頁簿 → 以密碼加密」，清除密碼後儲存"
                    "（WPS：檔案 → 文件加密 → 密碼加密），再上傳這個沒有密碼的副本。"),
        "en": ("The workbook is protected by a password (encrypted), so it cannot be read.",
               "Open it in Excel with the password, choose File → Info → Protect Workbook → Encrypt with Password, "
               "clear the password and save (WPS: File → Document Encryption → Password Encryption); then upload "
               "this copy without a password."),
    },
    "sheet_first_empty": {
        "zh-Hans": ("第一个工作表“{sheet}”是空的；有数据的工作表是：{sheets}。",
                    "请指定要读取的工作表：命令行用 --sheet 名称，Python 用 sheet=\"名称\"；"
                    "或在 Excel 中把答卷所在的工作表移到最前面。"),
        "zh-Hant": ("第一個工作表「{sheet}」是空的；有資料的工作表是：{sheets}。",
                    "請指定要讀取的工作表：命令列用 --sheet 名稱，Python 用 sheet=\"名稱\"；"
                    "或在 Excel 中把答卷所在的工作表移到最前面。"),
        "en": ("The first sheet '{sheet}' is empty; these sheets hold data: {sheets}.",
               "Name the sheet to read: --sheet NAME on the command line, sheet=\"NAME\" in Python; or move the "
               "sheet with the responses to the front in Excel."),
    },
    "yaml_too_large": {
        "zh-Hans": ("YAML 文件有 {size} KB，超过 {limit} KB 的上限。",
                    "问卷或列映射文件通常只有几 KB：请确认选对了文件。"),
        "zh-Hant": ("YAML 檔案有 {size} KB，超過 {limit} KB 的上限。",
                    "問卷或欄位對應檔案通常只有幾 KB：請確認選對了檔案。"),
        "en": ("The YAML file is {size} KB, more than the limit of {limit} KB.",
               "A questionnaire or mapping file is a few KB: check that this is the right file."),
    },
    "yaml_not_utf8": {
        "zh-Hans": ("YAML 文件不是 UTF-8 文本（第 {byte} 个字节）。",
                    "请用记事本或编辑器“另存为” UTF-8 编码后再使用。"),
        "zh-Hant": ("YAML 檔案不是 UTF-8 文字（第 {byte} 個位元組）。",
                    "請用記事本或編輯器「另存新檔」為 UTF-8 編碼後再使用。"),
        "en": ("The YAML file is not UTF-8 text (byte {byte}).",
               "Save it again with the UTF-8 encoding (Notepad: Save As → Encoding: UTF-8)."),
    },
    "yaml_syntax": {
        "zh-Hans": ("YAML 第 {line} 行第 {col} 列有语法错误：{problem}",
                    "请检查这一行（及上一行）的缩进、冒号和引号。"),
        "zh-Hant": ("YAML 第 {line} 行第 {col} 欄有語法錯誤：{problem}",
                    "請檢查這一行（及上一行）的縮排、冒號與引號。"),
        "en": ("The YAML is not valid at line {line}, column {col}: {problem}",
               "Check the indentation, colons and quotes on that line (and the line above)."),
    },
    "yaml_too_deep": {
        "zh-Hans": ("YAML 在第 {line} 行第 {col} 列嵌套超过 {limit} 层。",
                    "问卷和列映射只需几层嵌套：请检查括号 [ ] { } 是否成对、缩进是否正确。"),
        "zh-Hant": ("YAML 在第 {line} 行第 {col} 欄巢狀超過 {limit} 層。",
                    "問卷與欄位對應只需幾層巢狀：請檢查括號 [ ] { } 是否成對、縮排是否正確。"),
        "en": ("The YAML nests more than {limit} levels deep at line {line}, column {col}.",
               "A questionnaire or mapping needs only a few levels: check that brackets [ ] { } are paired and "
               "the indentation is right."),
    },
    "yaml_too_many_aliases": {
        "zh-Hans": ("YAML 使用了超过 {limit} 个别名（*名称），超出的一个在第 {line} 行第 {col} 列。",
                    "请把重复的内容直接写出来，或减少锚点（&名称）和别名的使用。"),
        "zh-Hant": ("YAML 使用了超過 {limit} 個別名（*名稱），超出的一個在第 {line} 行第 {col} 欄。",
                    "請把重複的內容直接寫出來，或減少錨點（&名稱）與別名的使用。"),
        "en": ("The YAML uses more than {limit} aliases (*name); the one over the limit is at line {line}, "
               "column {col}.",
               "Write the repeated parts out, or use fewer anchors (&name) and aliases."),
    },
    "yaml_expands": {
        "zh-Hans": ("YAML 的别名展开后超过 {limit} 个值（“十亿笑声”式的文件）。",
                    "请把重复的内容直接写出来，不要让别名层层引用别名。"),
        "zh-Hant": ("YAML 的別名展開後超過 {limit} 個值（「十億笑聲」式的檔案）。",
                    "請把重複的內容直接寫出來，不要讓別名層層引用別名。"),
        "en": ("Once its aliases are expanded, the YAML holds more than {limit} values (a 'billion laughs' file).",
               "Write the repeated parts out instead of aliases that refer to aliases."),
    },
    "yaml_recursive": {
        "zh-Hans": ("YAML 第 {line} 行第 {col} 列带锚点（&名称）的内容里有指向它自己的别名（*名称），展开后没有尽头。",
                    "请让别名（*名称）只引用在它之前已写完的锚点（&名称）。"),
        "zh-Hant": ("YAML 第 {line} 行第 {col} 欄帶錨點（&名稱）的內容裡有指向它自己的別名（*名稱），展開後沒有盡頭。",
                    "請讓別名（*名稱）只引用在它之前已寫完的錨點（&名稱）。"),
        "en": ("The value anchored (&name) at line {line}, column {col} of the YAML holds an alias to itself "
               "(*name), so it never ends.",
               "Let an alias (*name) refer only to an anchor (&name) whose value is complete before it."),
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
    # --- evaluation index systems (research.evaluation.system) -------------
    "sys_not_found": {
        "zh-Hans": ("找不到指标体系模板“{name}”（内置模板：{templates}）。", "请使用内置模板名称，或给出指标体系 YAML 文件的路径。"),
        "zh-Hant": ("找不到指標體系範本「{name}」（內建範本：{templates}）。", "請使用內建範本名稱，或提供指標體系 YAML 檔案的路徑。"),
        "en": ("There is no index-system template named '{name}' (built-in: {templates}).",
               "Use a built-in template name or give the path of an index-system YAML file."),
    },
    "sys_schema": {
        "zh-Hans": ("指标体系文件中 {node} 有误：{problem_zh}",
                    "请对照指标体系格式说明（questionnaires/indices/SCHEMA.md）修改该处。"),
        "zh-Hant": ("指標體系檔案中 {node} 有誤：{problem_zh_hant}",
                    "請對照指標體系格式說明（questionnaires/indices/SCHEMA.md）修改此處。"),
        "en": ("In the index-system file, {node} is invalid: {problem_en}",
               "Correct it as described in the index-system schema (questionnaires/indices/SCHEMA.md)."),
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
    "too_few_rows": {
        "zh-Hans": ("可分析的答卷太少：{n} 份（文件 {rows} 行，筛选剔除 {excluded} 行），而模型有 {p} 个题目。",
                    "CFA/SEM 至少需要 {need} 份答卷：答卷必须多于题目，题目的协方差矩阵才能求逆。一般建议至少 200 份，"
                    "或每个自由参数 5–10 份（本模型有 {free} 个自由参数，即至少 {recommended} 份）。请收集更多答卷，"
                    "或减少模型中的题目。"),
        "zh-Hant": ("可分析的答卷太少：{n} 份（檔案 {rows} 列，篩選剔除 {excluded} 列），而模型有 {p} 個題目。",
                    "CFA/SEM 至少需要 {need} 份答卷：答卷必須多於題目，題目的共變數矩陣才能求反矩陣。一般建議至少 200 份，"
                    "或每個自由參數 5–10 份（本模型有 {free} 個自由參數，即至少 {recommended} 份）。請收集更多答卷，"
                    "或減少模型中的題目。"),
        "en": ("Too few responses to analyse: {n} ({rows} rows in the file, {excluded} excluded by the screening) "
               "for a model with {p} questions.",
               "A CFA/SEM needs at least {need} responses: there must be more responses than questions for the "
               "questions' covariance matrix to be invertible. As a rule, collect at least 200, or 5–10 per free "
               "parameter (this model has {free}, so {recommended} or more). Collect more responses or take "
               "questions out of the model."),
    },
    "too_few_complete_rows": {
        "zh-Hans": ("完整作答的答卷太少：{n} 份（文件 {rows} 行，筛选剔除 {excluded} 行），而模型有 {p} 个题目。",
                    "成列删除只使用每题都作答的答卷，CFA/SEM 至少需要 {need} 份：答卷必须多于题目，协方差矩阵才能求逆。"
                    "请改用 FIML（使用全部作答），或收集更多答卷（一般建议至少 200 份，本模型 {free} 个自由参数，"
                    "即至少 {recommended} 份）。"),
        "zh-Hant": ("完整作答的答卷太少：{n} 份（檔案 {rows} 列，篩選剔除 {excluded} 列），而模型有 {p} 個題目。",
                    "成列刪除只使用每題都作答的答卷，CFA/SEM 至少需要 {need} 份：答卷必須多於題目，共變數矩陣才能求反矩陣。"
                    "請改用 FIML（使用全部作答），或收集更多答卷（一般建議至少 200 份，本模型 {free} 個自由參數，"
                    "即至少 {recommended} 份）。"),
        "en": ("Too few complete responses: {n} ({rows} rows in the file, {excluded} excluded by the screening) "
               "for a model with {p} questions.",
               "Listwise deletion uses only responses that answer every question, and a CFA/SEM needs at least "
               "{need} of them (more responses than questions, for the covariance matrix to be invertible). Use FIML "
               "(every answer counts) or collect more responses (as a rule at least 200; this model has {free} free "
               "parameters, so {recommended} or more)."),
    },
    # --- the form server (research serve) -------------------------------------------------------------------
    "serve_required": {
        "zh-Hans": ("还有 {n} 道必答题没有作答（第 {numbers} 题）。", "请回答标红的题目后再提交。"),
        "zh-Hant": ("還有 {n} 題必答題沒有作答（第 {numbers} 題）。", "請回答標紅的題目後再送出。"),
        "en": ("{n} required question(s) not answered yet (question {numbers}).",
               "Answer the questions marked in red, then submit again."),
    },
    "serve_unknown_field": {
        "zh-Hans": ("提交的内容含有问卷中没有的字段“{field}”，答卷未被保存。", "请重新打开问卷链接，在页面上作答后提交。"),
        "zh-Hant": ("送出的內容含有問卷中沒有的欄位「{field}」，答卷未儲存。", "請重新開啟問卷連結，在頁面上作答後送出。"),
        "en": ("The submission holds a field that is not in the questionnaire ('{field}'); nothing was saved.",
               "Open the questionnaire's link again and answer on the page."),
    },
    "serve_out_of_range": {
        "zh-Hans": ("第 {number} 题的答案“{value}”不是该题的选项，答卷未被保存。", "请在页面上重新选择后提交。"),
        "zh-Hant": ("第 {number} 題的答案「{value}」不是該題的選項，答卷未儲存。", "請在頁面上重新選擇後送出。"),
        "en": ("The answer '{value}' to question {number} is not one of its options; nothing was saved.",
               "Choose again on the page and submit."),
    },
    "serve_not_a_number": {
        "zh-Hans": ("第 {number} 题需要填写数字，“{value}”不是数字。", "请填写数字后再提交。"),
        "zh-Hant": ("第 {number} 題需要填寫數字，「{value}」不是數字。", "請填寫數字後再送出。"),
        "en": ("Question {number} needs a number; '{value}' is not one.", "Enter a number and submit again."),
    },
    "serve_too_long": {
        "zh-Hans": ("第 {number} 题的回答超过 {limit} 个字。", "请缩短后再提交。"),
        "zh-Hant": ("第 {number} 題的回答超過 {limit} 個字。", "請縮短後再送出。"),
        "en": ("The answer to question {number} is longer than {limit} characters.", "Shorten it and submit again."),
    },
    "serve_control_characters": {
        "zh-Hans": ("第 {number} 题的回答含有无法显示的控制字符。", "请删除这些字符后再提交。"),
        "zh-Hant": ("第 {number} 題的回答含有無法顯示的控制字元。", "請刪除這些字元後再送出。"),
        "en": ("The answer to question {number} contains control characters that cannot be shown.",
               "Remove them and submit again."),
    },
    "serve_form_stale": {
        "zh-Hans": ("表单的信息不完整或已被修改，答卷未被保存。", "请重新打开问卷链接再作答。"),
        "zh-Hant": ("表單的資訊不完整或已被修改，答卷未儲存。", "請重新開啟問卷連結再作答。"),
        "en": ("The form's own fields are missing or were changed; nothing was saved.",
               "Open the questionnaire's link again and answer there."),
    },
    "serve_unavailable": {
        "zh-Hans": ("服务器暂时无法保存答卷，您的答卷尚未提交。", "您的答案仍保留在下方，请稍候片刻再点击提交。"),
        "zh-Hant": ("伺服器暫時無法儲存答卷，您的答卷尚未送出。", "您的答案仍保留在下方，請稍候片刻再點選送出。"),
        "en": ("The server cannot save responses just now; your response has not been submitted.",
               "Your answers are kept below: please wait a moment and submit again."),
    },
    "serve_csrf": {
        "zh-Hans": ("这份表单已失效，或不是从本问卷的页面提交的，答卷未被保存。",
                    "请重新打开问卷链接再作答；如果浏览器禁用了 Cookie，请先允许本网站使用 Cookie。"),
        "zh-Hant": ("這份表單已失效，或不是從本問卷的頁面送出的，答卷未儲存。",
                    "請重新開啟問卷連結再作答；若瀏覽器停用了 Cookie，請先允許本網站使用 Cookie。"),
        "en": ("This form has expired or was not sent from this questionnaire's page; nothing was saved.",
               "Open the questionnaire's link again; if your browser blocks cookies, allow them for this site."),
    },
    "serve_duplicate": {
        "zh-Hans": ("这个浏览器已经提交过这份问卷，每人只能提交一次。", "感谢您的参与，无需再次提交。"),
        "zh-Hant": ("這個瀏覽器已經送出過這份問卷，每人只能送出一次。", "感謝您的參與，無須再次送出。"),
        "en": ("This questionnaire has already been submitted from this browser; it can be answered once.",
               "Thank you for taking part; there is no need to submit again."),
    },
    "serve_duplicate_token": {
        "zh-Hans": ("这个问卷链接已经提交过答卷，每个链接只能提交一次。", "感谢您的参与，无需再次提交。"),
        "zh-Hant": ("這個問卷連結已經送出過答卷，每個連結只能送出一次。", "感謝您的參與，無須再次送出。"),
        "en": ("Answers have already been submitted with this link; each link can be used once.",
               "Thank you for taking part; there is no need to submit again."),
    },
    "serve_unknown_token": {
        "zh-Hans": ("这个问卷链接不完整或无效（每位受访者有自己的专属链接）。", "请使用您收到的邀请中的完整链接。"),
        "zh-Hant": ("這個問卷連結不完整或無效（每位受訪者有自己的專屬連結）。", "請使用您收到的邀請中的完整連結。"),
        "en": ("This questionnaire link is incomplete or not valid (each respondent has a personal link).",
               "Use the whole link from the invitation you received."),
    },
    "serve_closed": {
        "zh-Hans": ("这份问卷已经截止，不再接受答卷。", "感谢您的关注。"),
        "zh-Hant": ("這份問卷已經截止，不再接受答卷。", "感謝您的關注。"),
        "en": ("This questionnaire is closed and no longer accepts answers.", "Thank you for your interest."),
    },
    "serve_quota": {
        "zh-Hans": ("这份问卷已收满所需的答卷，不再接受新的答卷。", "感谢您的关注。"),
        "zh-Hant": ("這份問卷已收滿所需的答卷，不再接受新的答卷。", "感謝您的關注。"),
        "en": ("This questionnaire has all the answers it needs and accepts no more.", "Thank you for your interest."),
    },
    "serve_invalid": {
        "zh-Hans": ("答卷没有通过检查，未被保存。", "请检查各题的答案后再提交。"),
        "zh-Hant": ("答卷沒有通過檢查，未儲存。", "請檢查各題的答案後再送出。"),
        "en": ("The answers did not pass the checks and were not saved.", "Check your answers and submit again."),
    },
    "serve_bad_request": {
        "zh-Hans": ("提交的内容无法读取（不是网页表单的格式）。", "请在问卷页面上作答后提交。"),
        "zh-Hant": ("送出的內容無法讀取（不是網頁表單的格式）。", "請在問卷頁面上作答後送出。"),
        "en": ("The submission cannot be read (it is not a web form's content).",
               "Answer on the questionnaire's page and submit there."),
    },
    "serve_rate_limited": {
        "zh-Hans": ("提交得太频繁了。", "请在 {seconds} 秒后再试。"),
        "zh-Hant": ("送出得太頻繁了。", "請在 {seconds} 秒後再試。"),
        "en": ("Too many submissions from your connection.", "Try again in {seconds} seconds."),
    },
    "serve_not_found": {
        "zh-Hans": ("找不到这份问卷。", "请检查链接是否完整。"),
        "zh-Hant": ("找不到這份問卷。", "請檢查連結是否完整。"),
        "en": ("There is no questionnaire at this address.", "Check that the link is complete."),
    },
    "serve_listening": {
        "zh-Hans": ("问卷服务已启动：{url}（数据库：{database}）",
                    "每一轮调查的问卷地址为 {url}/f/{slug}，二维码为 {url}/f/{slug}/qr.svg；按 Ctrl+C 停止。"),
        "zh-Hant": ("問卷服務已啟動：{url}（資料庫：{database}）",
                    "每一輪調查的問卷網址為 {url}/f/{slug}，QR 碼為 {url}/f/{slug}/qr.svg；按 Ctrl+C 停止。"),
        "en": ("Serving the questionnaires at {url} (database: {database})",
               "Each wave's form is at {url}/f/{slug}, its QR code at {url}/f/{slug}/qr.svg; press Ctrl+C to stop."),
    },
    "serve_secret_short": {
        "zh-Hans": ("密钥文件太短：只有 {found} 字节，至少需要 {need} 字节。",
                    "请在文件中写入至少 {need} 字节的随机内容（例如 openssl rand -hex 32 的输出）。"),
        "zh-Hant": ("金鑰檔案太短：只有 {found} 位元組，至少需要 {need} 位元組。",
                    "請在檔案中寫入至少 {need} 位元組的隨機內容（例如 openssl rand -hex 32 的輸出）。"),
        "en": ("The secret file is too short: {found} bytes, at least {need} are needed.",
               "Write at least {need} random bytes into it (for example the output of openssl rand -hex 32)."),
    },
    "data_invalid": {
        "zh-Hans": ("数据不能用于此分析：{detail}。", "{fix_zh}"),
        "zh-Hant": ("資料不能用於此分析：{detail}。", "{fix_zh_hant}"),
        "en": ("The data cannot be used for this analysis: {detail}.", "{fix_en}"),
    },
    # --- the study store (research.store) --------------------------------------------------------
    "store_access_denied": {
        "zh-Hans": ("密钥无法打开研究 {study}。", "请输入创建该研究时得到的所有者密钥；密钥只显示一次，遗失后无法找回。"),
        "zh-Hant": ("金鑰無法開啟研究 {study}。", "請輸入建立該研究時取得的擁有者金鑰；金鑰只顯示一次，遺失後無法找回。"),
        "en": ("The key does not open study {study}.",
               "Enter the owner key you were given when the study was created; it is shown only once and cannot "
               "be recovered."),
    },
    "store_unavailable": {
        "zh-Hans": ("无法打开研究数据库 {url}：{detail}", "请检查数据库地址、服务器是否运行，以及文件夹是否可写。"),
        "zh-Hant": ("無法開啟研究資料庫 {url}：{detail}", "請檢查資料庫位址、伺服器是否執行中，以及資料夾是否可寫入。"),
        "en": ("The study database {url} cannot be opened: {detail}",
               "Check the database URL, that the server is running and that the folder is writable."),
    },
    "store_not_found": {
        "zh-Hans": ("本研究中没有 {what} {ref}。", "请从研究的列表中选择。"),
        "zh-Hant": ("本研究中沒有 {what} {ref}。", "請從研究的清單中選擇。"),
        "en": ("This study has no {what} {ref}.", "Choose one from the study's lists."),
    },
    "store_wave_not_found": {
        "zh-Hans": ("找不到调查批次 {wave}。", "请检查问卷链接是否完整；链接可能已过期或被抄错。"),
        "zh-Hant": ("找不到調查批次 {wave}。", "請檢查問卷連結是否完整；連結可能已失效或抄錯。"),
        "en": ("There is no survey wave {wave}.", "Check that the survey link is complete; it may be old or mistyped."),
    },
    "store_refused_closed": {
        "zh-Hans": ("调查批次“{wave}”已结束，不再接受答卷。", "感谢您的参与。如需继续收集，研究者可以新建一个调查批次。"),
        "zh-Hant": ("調查批次「{wave}」已結束，不再接受答卷。", "感謝您的參與。如需繼續收集，研究者可以新建一個調查批次。"),
        "en": ("The survey wave '{wave}' is closed and takes no more responses.",
               "Thank you for taking part. To collect more, the researcher can open a new wave."),
    },
    "store_refused_quota": {
        "zh-Hans": ("调查批次“{wave}”已收满 {quota} 份答卷。", "感谢您的参与。研究者可以提高配额或新建一个调查批次。"),
        "zh-Hant": ("調查批次「{wave}」已收滿 {quota} 份答卷。", "感謝您的參與。研究者可以提高配額或新建一個調查批次。"),
        "en": ("The survey wave '{wave}' already has its {quota} responses.",
               "Thank you for taking part. The researcher can raise the quota or open a new wave."),
    },
    "store_refused_duplicate": {
        "zh-Hans": ("您已经提交过调查批次“{wave}”的答卷，每人只能提交一次。", "无需再次提交；如有疑问请联系研究者。"),
        "zh-Hant": ("您已經提交過調查批次「{wave}」的答卷，每人只能提交一次。", "無需再次提交；如有疑問請聯絡研究者。"),
        "en": ("A response to the survey wave '{wave}' was already submitted from here; one is allowed.",
               "There is no need to submit again; contact the researcher if this is wrong."),
    },
    "store_refused_unknown_token": {
        "zh-Hans": ("这个问卷链接对调查批次“{wave}”无效。", "请使用研究者发给您的完整链接。"),
        "zh-Hant": ("這個問卷連結對調查批次「{wave}」無效。", "請使用研究者寄給您的完整連結。"),
        "en": ("This survey link is not valid for the survey wave '{wave}'.",
               "Use the complete link the researcher sent you."),
    },
    "store_refused_invalid": {
        "zh-Hans": ("答卷中有无效的答案，未被保存。", "请重新打开问卷页面，作答后再提交。"),
        "zh-Hant": ("答卷中有無效的答案，未被儲存。", "請重新開啟問卷頁面，作答後再提交。"),
        "en": ("The response holds an answer that is not valid; it was not stored.",
               "Open the survey page again, answer and submit."),
    },
    "store_invalid_answer": {
        "zh-Hans": ("题目 {item} 的答案 {value_text} 无效：{problem_zh}。",
                    "答卷未被保存。请只使用问卷中的题目编号和选项代码（量表题为 1 至量表点数的整数）。"),
        "zh-Hant": ("題目 {item} 的答案 {value_text} 無效：{problem_zh_hant}。",
                    "答卷未被儲存。請只使用問卷中的題目編號與選項代碼（量表題為 1 至量表點數的整數）。"),
        "en": ("The answer {value_text} to question {item} is not valid: {problem_en}.",
               "The response was not stored. Use only the questionnaire's question ids and option codes (a scale "
               "answer is a whole number from 1 to the number of scale points)."),
    },
    "store_zip_invalid": {
        "zh-Hans": ("这不是本工具导出的完整研究 ZIP：{detail}。", "请上传本工具“导出研究”得到的 ZIP，不要解压后重新压缩或修改其中的文件。"),
        "zh-Hant": ("這不是本工具匯出的完整研究 ZIP：{detail}。", "請上傳本工具「匯出研究」取得的 ZIP，不要解壓縮後重新壓縮或修改其中的檔案。"),
        "en": ("This is not a complete study ZIP exported by this toolkit: {detail}.",
               "Upload the ZIP the toolkit's study export made, without unpacking, repacking or editing its files."),
    },
    "store_zip_too_large": {
        "zh-Hans": ("研究 ZIP 或其中的文件超过上限（{limit}）。", "请确认上传的是本工具导出的研究 ZIP；过大的研究可以分开导出各调查批次。"),
        "zh-Hant": ("研究 ZIP 或其中的檔案超過上限（{limit}）。", "請確認上傳的是本工具匯出的研究 ZIP；過大的研究可以分開匯出各調查批次。"),
        "en": ("The study ZIP, or a file in it, is over the limit ({limit}).",
               "Check that this is a study ZIP exported by the toolkit; a very large study can be exported wave by wave."),
    },
    "store_zip_unsafe": {
        "zh-Hans": ("研究 ZIP 中的文件名“{member}”指向 ZIP 之外的位置，整个文件被拒绝。",
                    "本工具导出的 ZIP 不会包含这样的文件名；请上传原始导出的 ZIP。"),
        "zh-Hant": ("研究 ZIP 中的檔名「{member}」指向 ZIP 之外的位置，整個檔案被拒絕。",
                    "本工具匯出的 ZIP 不會包含這樣的檔名；請上傳原始匯出的 ZIP。"),
        "en": ("The study ZIP holds a file named '{member}', which points outside the ZIP; the whole file was refused.",
               "ZIPs exported by the toolkit never hold such names; upload the ZIP as it was exported."),
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


#: the longest fix text a message shows whole (ours are a few sentences; a longer one is cut with "…")
FIX_LIMIT = 1000


def shorten(value, limit: int = 60) -> str:
    """A user value made safe for a one-line message."""
    text = str(value)
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Note(str):
    """A note for the reader (not an error) in the three languages.

    As a string it reads "English / 简体中文", the form notes have always had, so code that splits a note
    at " / " keeps working; :func:`note_texts` gives all three texts, 繁體中文 included.
    """

    texts: dict

    def __new__(cls, *, en: str, zh_hans: str, zh_hant: str):
        self = super().__new__(cls, f"{en} / {zh_hans}")
        self.texts = {"en": en, "zh-Hans": zh_hans, "zh-Hant": zh_hant}
        return self

    def __reduce__(self):
        # notes cross process boundaries (the app's worker): rebuild them with their three texts
        return _note, (self.texts["en"], self.texts["zh-Hans"], self.texts["zh-Hant"])


def _note(en: str, zh_hans: str, zh_hant: str) -> Note:
    return Note(en=en, zh_hans=zh_hans, zh_hant=zh_hant)


def note_texts(note) -> dict[str, str]:
    """``{"en": …, "zh-Hans": …, "zh-Hant": …}`` of a note; a plain "English / 中文" string (an older
    saved result) gives its Chinese for both scripts."""
    texts = getattr(note, "texts", None)
    if texts:
        return dict(texts)
    en, _, zh = str(note).partition(" / ")
    return {"en": en, "zh-Hans": zh or en, "zh-Hant": zh or en}


class _Params(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def render_message(key: str, lang: str, params: dict) -> tuple[str, str]:
    what, fix = MESSAGES[key][lang]
    # a parameter given as a Note (a detail worded in the three languages) is shown in the message's language;
    # the values (what the user gave) are cut at 200 characters, the fix texts (ours, a few sentences) are kept whole
    safe = _Params({k: shorten(v.texts[lang] if isinstance(v, Note) else v, FIX_LIMIT if k.startswith("fix") else 200)
                    for k, v in params.items()})
    return what.format_map(safe), fix.format_map(safe)


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) +(?=[\u3000-\u9fff\uff00-\uffef])")


def tight_cjk(text: str, lang: str) -> str:
    """In Chinese, ``text`` without the spaces a template keeps around a filled-in name where that name is itself
    Chinese ("预测顾客满意度的回归系数", but "预测 SAT 的回归系数"); English text unchanged."""
    return text if lang == "en" else _CJK_GAP.sub("", text)


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
