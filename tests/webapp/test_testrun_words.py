"""The test-run's path names each element's kind and who works it in words
(開始事件, 使用者任務; 工務局 / 承辦人), not SpiffWorkflow class names or codes."""
import html as h
import re

ZH = {"Accept-Language": "zh-TW"}


def _textarea(page: str, name: str) -> str:
    return h.unescape(re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', page, re.S).group(1))


def test_the_path_names_element_kinds_and_agencies_in_words(app, client_for):
    c = client_for("analyst")
    page = c.get("/models/petition/test-run", headers=ZH).get_data(as_text=True)
    source = re.search(r'<option value="([^"]+)" selected', page).group(1)
    result = c.post("/models/petition/test-run", headers=ZH, data={
        "source": source, "received_at": "115/03/02 09:00",
        "start_data": _textarea(page, "start_data"), "task_data": _textarea(page, "task_data"),
        "use_json": "1"})
    steps = result.get_data(as_text=True).split('<table id="steps">')[1].split("</table>")[0]
    cells = [re.sub(r"<[^>]+>", "", td).strip() for td in re.findall(r"<td>(.*?)</td>", steps, re.S)]
    kinds = set(cells[2::7])
    assert {"開始事件", "使用者任務", "互斥閘道", "結束事件"} <= kinds, kinds
    assert not {"StartEvent", "UserTask", "ExclusiveGateway", "EndEvent"} & kinds
    lanes = set(cells[3::7])
    assert "工務局 / 承辦人" in lanes and "PWB / officer" not in lanes, lanes
    who = {re.sub(r"資料.*", "", c, flags=re.S).strip() for c in cells[6::7]}
    assert "試跑" in who and not any("test-run" in w for w in who), who
