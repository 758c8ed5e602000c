"""The open datasets (engine/report/open_data.py) and their data dictionaries:
each row is a count from the report's sections for one month."""
from __future__ import annotations

from engine.data import agency_order

from . import audits, consumer, council, petitions, services
from .open_data import Dataset, Field

TRADES = {"plumbing_electrical": ("水電", "plumbing and electrical"), "civil": ("土木", "civil works"),
          "telecom": ("通訊", "telecommunications"), "fire_safety": ("消防", "fire safety"),
          "air_conditioning": ("空調", "air conditioning"), "lift": ("電梯", "lifts")}
BOOKING_KINDS = {"meeting": ("會議", "meeting"), "event": ("活動", "event")}


def F(name, type_, zh, en) -> Field:
    return Field(name, type_, zh, en)


MONTH = F("month", "string", "統計月份（YYYY-MM，臺北時間）", "month counted (YYYY-MM, Taipei time)")


def _named(code_field, zh, en):
    """A code and its names in zh-TW and English."""
    return (F(code_field, "string", f"{zh}代碼", f"{en} code"), F(f"{code_field}_zh", "string", f"{zh}名稱", f"{en} name (Chinese)"),
            F(f"{code_field}_en", "string", f"{zh}英文名稱", f"{en} name (English)"))


def _with_names(code_field, code, pair) -> dict:
    return {code_field: code, f"{code_field}_zh": pair[0], f"{code_field}_en": pair[1]}


PETITION_FIELDS = (
    F("received", "integer", "受理件數", "petitions received"), F("replied", "integer", "已答覆件數", "replied"),
    F("on_time", "integer", "如期答覆件數", "replied on time"), F("late", "integer", "逾期答覆件數", "replied late"),
    F("open_overdue", "integer", "逾期未答覆件數（資料產生時）", "open past the deadline when the file was made"),
    F("not_handled", "integer", "依行政程序法第173條等不予處理件數", "closed without handling (APA Art. 173, repeats)"),
    F("extended", "integer", "展延件數", "deadline extended"),
    F("on_time_rate", "number", "如期答覆率（%）＝如期答覆÷(已答覆＋逾期未答覆)；無則空值",
      "on-time rate (%) = on time / (replied + open past the deadline); empty when none"))


def _petition_rows(dim, code_field, name):
    def rows(conn, period, now, names):
        data = petitions.figures(conn, period, None, now)[dim]
        return [{**_with_names(code_field, code, name(names, code)), **counts}
                for code, counts in sorted(data.items())]
    return rows


CONSUMER_FIELDS = tuple(F(k, "integer", zh, en) for k, zh, en in (
    ("consultations", "消費諮詢件數", "consultations"), ("first_complaints", "第一次申訴件數", "first complaints"),
    ("second_complaints", "第二次申訴件數", "second complaints"),
    ("mediation_applied", "申請調解件數", "mediation applications"),
    ("mediation_refused", "調解申請不受理件數", "mediation applications refused"),
    ("mediation_held", "召開調解場次（每次開會計一場）", "mediation sessions held (each meeting counts once)"),
    ("mediation_settled", "調解成立件數", "mediations settled"),
    ("mediation_failed", "調解不成立件數", "mediations failed")))


def _consumer_rows(conn, period, now, names):
    kinds = consumer.figures(conn, period)["by_kind"]
    return [{**_with_names("kind", k, names.choice("consumer_complaint", "category", k)),
             **{f.name: v[f.name] for f in CONSUMER_FIELDS}} for k, v in sorted(kinds.items())]


COUNCIL_FIELDS = (
    F("meetings_held", "integer", "當月召開市政會議次數（各列相同）", "city-council meetings that month (same on every row)"),
    F("assigned", "integer", "列管決議案數", "resolutions assigned"),
    F("reports", "integer", "提出辦理情形報告次數", "progress reports filed"),
    F("overdue_reports", "integer", "逾期未報辦理情形（月底時；當月為資料產生時）",
      "progress reports overdue at the month's end (this month: when the file was made)"),
    F("released", "integer", "解除列管案數", "released from tracking"),
    F("tracked_at_end", "integer", "月底仍列管案數", "still tracked at the month's end"))


def _council_rows(conn, period, now, names):
    data = council.figures(conn, period, None, now)
    return [{**_with_names("agency", code, names.agency(code)), "meetings_held": data["meetings"],
             **{f.name: counts[f.name] for f in COUNCIL_FIELDS[1:]}}   # the file's fields only
            for code, counts in _in_city_order(data["by_agency"])]


AUDIT_FIELDS = tuple(F(k, "integer", zh, en) for k, zh, en in (
    ("audit_year", "考評年度（民國）", "audit year (ROC)"), ("offices_audited", "受考評機關數", "offices audited"),
    ("grade_excellent", "優等機關數", "offices graded excellent (優)"), ("grade_a", "甲等機關數", "offices graded A (甲)"),
    ("grade_b", "乙等機關數", "offices graded B (乙)"), ("grade_c", "丙等機關數", "offices graded C (丙)"),
    ("reinspections_planned", "排定複查機關數", "re-inspections planned")))


def _audit_rows(conn, period, now, names):
    return [{f.name: r[f.name] for f in AUDIT_FIELDS} for r in audits.figures(conn, period)["rounds"]]


CAR_FIELDS = (F("trips", "integer", "公務車輛調派車次（已歸還）", "official car trips (returned)"),
              F("trips_lent", "integer", "其中支援其他機關借用車次", "of which lent to other agencies"),
              F("mileage_km", "number", "行駛里程（公里）", "kilometres driven"),
              F("cancelled", "integer", "取消之申請", "requests cancelled"),
              F("refused", "integer", "不同意之申請", "requests refused"))


def _car_rows(conn, period, now, names):
    cars = services.vehicles(conn, period)
    return [{"trips": cars["trips"], "trips_lent": cars["lent"], "mileage_km": cars["mileage_km"],
             "cancelled": cars["cancelled"], "refused": cars["refused"]}]


VENUE_FIELDS = (F("used", "integer", "已使用場次", "bookings used"),
                F("cancelled", "integer", "取消場次", "bookings cancelled"),
                F("refused", "integer", "不同意場次", "bookings refused"))


def _venue_rows(conn, period, now, names):
    kinds = services.venues(conn, period)["by_kind"]
    return [{**_with_names("booking_kind", k, BOOKING_KINDS.get(k, (k, k))), **v} for k, v in sorted(kinds.items())]


REPAIR_FIELDS = tuple(F(k, "integer", zh, en) for k, zh, en in (
    ("received", "受理維修件數", "repairs received"), ("completed", "完成件數", "completed"),
    ("cancelled", "取消件數", "cancelled"), ("contractor", "完成件數中委外廠商修繕者", "completed, by a contractor"),
    ("in_house", "完成件數中自行修繕者", "completed, in house"), ("reopened", "重新報修件數", "reopened")))


def _repair_rows(conn, period, now, names):
    trades = services.repairs(conn, period)["by_trade"]
    return [{**_with_names("trade", k, TRADES.get(k, (k, k))), **v} for k, v in sorted(trades.items())]


STAFF_FIELDS = tuple(F(k, "integer", zh, en) for k, zh, en in (
    ("reviews", "審議案數", "requests reviewed"), ("approved", "同意案數", "approved"), ("rejected", "不同意案數", "rejected"),
    ("monthly", "同意進用月薪人數", "monthly-paid staff approved"),
    ("hourly", "同意進用時薪人數", "hourly-paid staff approved")))


def _staff_rows(conn, period, now, names):
    data = services.temp_staff(conn, period)["by_agency"]
    return [{**_with_names("agency", k, names.agency(k)), **v} for k, v in _in_city_order(data)]


DOCEX_FIELDS = tuple(F(k, "integer", zh, en) for k, zh, en in (
    ("signups", "受理申請數", "sign-ups received"), ("approved", "核准數", "approved"),
    ("rejected", "不核准數", "rejected"), ("open", "審核中（資料產生時）", "still being decided when the file was made")))


def _docex_rows(conn, period, now, names):
    return [services.document_exchange(conn, period)]


INSPECTION_FIELDS = tuple(F(k, "integer", zh, en) for k, zh, en in (
    ("inspections", "查察次數", "inspections"), ("shops_inspected", "查察家數", "shops inspected"),
    ("shops_nonconforming", "不合格家數", "shops not conforming"),
    ("referred_ftc", "移送公平交易委員會件數", "referred to the Fair Trade Commission"),
    ("referred", "移送之查察次數", "inspections referred")))


def _inspection_rows(conn, period, now, names):
    data = services.inspections(conn, period)["by_agency"]
    return [{**_with_names("agency", k, names.agency(k)), **v} for k, v in _in_city_order(data)]


def _agency(names, code):
    return names.agency(code) if code else ("", "")


DATASETS = {d.key: d for d in (
    Dataset("petitions-by-channel", "人民陳情案件（依管道）", "Petitions by channel",
            "每月受理之人民陳情，依陳情管道，含如期答覆率。", "Petitions received each month by channel, with the on-time rate.",
            ("petition",), (MONTH, *_named("channel", "陳情管道", "channel"), *PETITION_FIELDS),
            _petition_rows("channel", "channel", lambda n, c: n.choice("petition", "channel", c))),
    Dataset("petitions-by-agency", "人民陳情案件（依權責機關）", "Petitions by responsible agency",
            "每月受理之人民陳情，依權責機關，含如期答覆率。", "Petitions received each month by responsible agency, with the on-time rate.",
            ("petition",), (MONTH, *_named("agency", "權責機關", "agency"), *PETITION_FIELDS),
            _petition_rows("agency", "agency", _agency)),
    Dataset("consumer-protection", "消費者保護案件各階段", "Consumer protection by stage",
            "每月消費諮詢、申訴及調解，依消費爭議類別；各階段依其發生日計。",
            "Consumer consultations, complaints and mediations each month by kind of dispute, counted on the day of each stage.",
            ("consumer_complaint",), (MONTH, *_named("kind", "消費爭議類別", "kind of dispute"), *CONSUMER_FIELDS),
            _consumer_rows),
    Dataset("council-resolutions", "市政會議決議列管", "City-council resolutions tracked",
            "每月市政會議決議列管情形，依權責機關。", "City-council resolutions tracked each month by responsible agency.",
            ("council_resolution",), (MONTH, *_named("agency", "權責機關", "agency"), *COUNCIL_FIELDS), _council_rows),
    Dataset("records-audits", "區公所檔案管理考評", "Records-management audits",
            "當月公布成績之檔案管理考評，每一考評一列。", "Records-management audit rounds graded that month, one row each.",
            ("records_audit",), (MONTH, *AUDIT_FIELDS), _audit_rows),
    Dataset("car-trips", "公務車輛調派", "Official car trips",
            "每月公務車輛調派車次（依出車日）。", "Official car trips each month, by the day they started.",
            ("vehicle_dispatch",), (MONTH, *CAR_FIELDS), _car_rows),
    Dataset("venue-bookings", "行政中心場地借用", "Venue bookings",
            "四維及鳳山行政中心場地借用，依使用日及類別。", "Bookings of the administration centres' venues by day of use and kind.",
            ("venue_booking",), (MONTH, *_named("booking_kind", "借用類別", "booking kind"), *VENUE_FIELDS), _venue_rows),
    Dataset("facility-repairs", "行政中心設施維修", "Facility repairs",
            "每月受理之行政中心設施維修，依工程類別。", "Facility repairs received each month by trade.",
            ("facility_repair",), (MONTH, *_named("trade", "工程類別", "trade"), *REPAIR_FIELDS), _repair_rows),
    Dataset("temp-staff", "臨時人員進用審議", "Temporary-staff reviews",
            "每月受理之臨時人員進用審議，依申請機關。", "Temporary-staff requests received each month by requesting agency.",
            ("temp_staff_review",), (MONTH, *_named("agency", "申請機關", "agency"), *STAFF_FIELDS), _staff_rows),
    Dataset("document-exchange", "民間團體公文電子交換申請", "Document-exchange sign-ups",
            "每月受理之民間組織及團體公文電子交換申請。", "Civic organisations' sign-ups to the document exchange received each month.",
            ("document_exchange_signup",), (MONTH, *DOCEX_FIELDS), _docex_rows),
    Dataset("inspections", "消費場所及商品查察", "Inspections of shops and goods",
            "每月消費場所及商品查察，依會同之主管機關。", "Inspections of shops and goods each month by competent agency.",
            ("consumer_inspection",), (MONTH, *_named("agency", "主管機關", "agency"), *INSPECTION_FIELDS),
            _inspection_rows),
)}


def _in_city_order(by_agency: dict) -> list[tuple]:
    """(agency code, its figures) in the city's listing of its agencies, not by code."""
    return [(code, by_agency[code]) for code in agency_order.ordered(by_agency)]
