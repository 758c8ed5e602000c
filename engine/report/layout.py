"""The department's report to the city council laid out as the 2020 report
(../shared/seed/kaohsiung-admin-report-2020.txt): an opening, 壹、重要業務執行狀況
in numbered chapters (一、二、…) of sections ((一)(二)…), then 貳、結語.

Each section has its prose (drafted from the seed's wording, `{placeholder}`s
for the figures, engine/report/placeholders.py; the department edits it per
period, engine/report/prose.py) and the keys of the report's tables it shows
(webapp/report_tables.py), so the document holds the page's numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

TITLE = "高雄市政府行政暨國際處業務報告"
PART_ONE = "壹、重要業務執行狀況"
PART_TWO = "貳、結語"
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    prose: str                       # the default wording
    tables: tuple[str, ...] = ()     # keys of the page's tables


@dataclass(frozen=True)
class Chapter:
    heading: str
    sections: tuple[Section, ...]


OPENING = Section("opening", "前言", (
    "謹代表行政暨國際處全體同仁，衷心感謝各位議員女士、先生對本處的鼎力支持、匡督策勵，使各項業務均能圓滿順利。"
    "謹就{period}（以下簡稱本期）本處職掌之重要業務執行情形報告如後，敬請 指教。"))

CLOSING = Section("closing", "結語", (
    "行政暨國際處為市府重要幕僚機關，肩負後勤支援與市政協調之角色、輔佐市政團隊達成重大施政建設目標，"
    "除在既有基礎上賡續努力外，同時也善用科技方式增進行政效率及品質，讓市政運作更密合、更進步。"
    "再次感謝貴會持續的支持與鼓勵，使本處業務順利推展，以上報告為行政暨國際處本期努力成果，期待議員續予指教，謝謝。"))

CHAPTERS = (
    Chapter("暖心高雄、邁向全球", (
        Section("international", "多元國際交流、深化城市友誼", (
            "本處透過網路視訊、規劃城市特展，以及參與國際線上會議等方式，推動與姊妹市及友好城市之關係。")),
        Section("visitors", "充實高雄城市交流網絡", (
            "本處本期辦理訪賓接待業務，國際交流以遠距視訊、影片、推動展覽交流等方式進行。")))),
    Chapter("建構友善公務環境", (
        Section("repairs", "營造安全友善空間", (
            "辦理四維及鳳山行政中心辦公大樓水電、土木、通訊、消防、空調、電梯等設施維修案，共計處理 {repairs_total} 件"
            "（四維行政中心 {repairs_sihwei} 件、鳳山行政中心 {repairs_fengshan} 件），已完成 {repairs_completed} 件，"
            "藉由平時加強維護，維持兩行政中心使用效能及友善環境。"), ("repairs-trades",)),
        Section("cleaning", "推動環境清潔維護", (
            "落實登革熱防治作業，本處澈底進行四維及鳳山行政中心大樓內外環境、花圃盆栽、瓶罐容器或低窪積水處等巡檢與清除，"
            "並針對權管公共環境區域及宿舍等易生孳生源處造冊列管，定期派員巡檢，以維護環境清潔。")),
        Section("venues", "集會場所之管理利用", (
            "為有效使用四維及鳳山行政中心大樓活動場地，積極配合辦理各項政令宣導、市政行銷、學術教育、社教、演講、展覽、表演等活動，"
            "提升活化大樓生命力及本市文化水準。本期兩行政中心場地，共計開放 {venue_events} 場次，"
            "各會議室等集會場所申請使用共計 {venue_meetings} 場次。"), ("venues-kinds",)))),
    Chapter("文書檔案資訊化", (
        Section("document_exchange", "提升資訊服務與安全", (
            "為全面提升及健全市府公文電子交換服務範疇，依市府「高雄市政府公文電子交換作業要點」，提供本市民間組織及團體得使用"
            "市府公文電子交換服務，提升公私部門間之業務溝通聯繫效率，本期共計受理 {docex_signups} 個民間組織及團體之服務申請，"
            "核准 {docex_approved} 個。"), ("docex-decisions",)),
        Section("transparency", "施政透明公開", (
            "為增進施政透明與促進公眾參與，本處配合市府開放資料（Open Data）政策，按月公開人民陳情、消費者保護、"
            "市政會議決議列管、檔案管理考評、公務車輛調派、場地借用、設施維修、臨時人員審議、公文電子交換及消費場所查察等"
            "統計資料，並以開放格式（CSV、JSON）提供，以便於交換、長久保存，提升加值應用效益。")),
        Section("audits", "精進檔案管理專業職能", (
            "依據「高雄市政府檔案管理考核要點」賡續辦理本市各區公所檔案管理考核，本期完成考評 {audit_rounds} 輪，"
            "受考核機關 {audit_offices} 個，成績優等 {audit_excellent} 個、甲等 {audit_a} 個、乙等 {audit_b} 個、丙等 {audit_c} 個，"
            "透過考核輔導機制，協助各區公所發掘檔案處理階段所遭遇困難，並提出改進建議。"),
            ("audit-rounds", "audit-offices", "audit-activity")),
        Section("council", "強化組織橫向聯繫", (
            "定期舉行市政會議，議定市政重要決策，並落實市府各機關橫向聯繫。市政會議由本處負責彙整議程及紀錄，"
            "並函請各權責機關確實辦理，本期共計召開 {council_meetings} 次市政會議，列管決議 {resolutions_assigned} 案，"
            "解除列管 {resolutions_released} 案，期末仍列管 {resolutions_tracked} 案。"), ("council-agencies",)))),
    Chapter("職工平權合理化", (
        Section("temp_staff", "健全職工管理", (
            "秉持公開、合議制及必須有預算來源之原則，依據市府所屬各機關學校臨時人員進用及運用要點規定，邀集財政局、主計處、"
            "勞工局及人事處等機關代表召開臨時人員審核小組會議，本期召開 {temp_staff_meetings} 次，審議 {temp_staff_reviews} 案，同意 {temp_staff_approved} 案，"
            "同意進用臨時人力以採月薪及時薪計支者分別為 {temp_staff_monthly} 人及 {temp_staff_hourly} 人。"),
            ("temp-staff-agencies",)),
        Section("vehicles", "強化車輛管理", (
            "公務車調派申請採線上及紙本雙軌併行即時服務，且依派用行程遠近、路況等因素，以資源共享概念，嚴格控管派車必要性，"
            "適度派用。本期公務車輛調派計有 {car_trips} 車次，其中支援市府其他機關申請借用車輛計有 {car_trips_lent} 車次。"),
            ("vehicles-trips", "vehicles-lent")))),
    Chapter("健全消費者保護機制", (
        Section("consumer_committee", "召開市府消費者保護委員會議，捍衛消費權益", (
            "為研擬及審議本市消費者保護基本政策，加強消費者保護工作之推動，本期召開消費者保護委員會議，"
            "結合相關局處橫向聯繫並加強安全管理、強化消費者保護教育多元宣導等，以保障民眾消費權益。")),
        Section("consumer", "積極辦理消費諮詢、申訴、調解等業務", (
            "透過臨櫃或電話由專人服務消費申訴案，提供多元申訴管道、友善環境及消費諮詢及爭議申訴等服務，協助解決民眾紛爭並疏減訟源；"
            "本期共計提供諮詢 {consultations} 件；受理第一次申訴 {first_complaints} 件，第二次申訴 {second_complaints} 件；"
            "申請調解 {mediation_applied} 件，召開調解 {mediation_sessions} 場次，皆循相關法定程序辦理，以協助消費者保障權益。"),
            ("consumer-totals", "consumer-kinds")),
        Section("inspections", "加強查察消費場所設施及商品", (
            "為保障消費者權益，主動會同主管機關查察主要消費場所及消費商品，本期共計查察 {inspections} 次 {shops_inspected} 家，"
            "不合格 {shops_nonconforming} 家，移送公平會查處 {referred_ftc} 件。"), ("inspections-agencies",)))),
    Chapter("精進服務品質", (
        Section("petitions", "輿情回應即時服務", (
            "本處協助聯繫處理市民各項建議及陳情案件，均秉持「市民的小事，就是市府的大事」服務原則辦理；書面建議或陳情事項，"
            "均立即錄案並移請有關機關限期處理回復，並確實追蹤列管各項案件辦理情形。本期共計受理 {petitions_total} 件，"
            "已答覆 {petitions_replied} 件，其中如期答覆 {petitions_on_time} 件，如期答覆率 {petitions_on_time_rate}。"),
            ("petitions-channel", "petitions-agency")),
        Section("phone_courtesy", "電話服務品質及禮貌測試", (
            "依據本處電話服務品質及禮貌測試執行計畫，不定期進行電話服務品質及禮貌測試，導入專業、親切及高效率的服務品質，"
            "建立良好服務形象，提升服務品質。")))),
)


def sections() -> list[Section]:
    """Every editable section in document order: opening, chapters, closing."""
    return [OPENING, *[s for ch in CHAPTERS for s in ch.sections], CLOSING]


def chapter_heading(index: int, chapter: Chapter) -> str:
    return f"{NUMERALS[index]}、{chapter.heading}"


def section_heading(index: int, section: Section) -> str:
    return f"({NUMERALS[index]}){section.heading}"
