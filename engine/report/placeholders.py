"""The figures a section's prose may name as `{placeholder}`: computed from
the period report (period.period_report), never typed. `MEANINGS` says what
each is, in zh-TW and English, for the prose editor; `values` fills them."""
from __future__ import annotations

MEANINGS = {
    "period": ("本期期間（民國年月日）", "the period, in ROC dates"),
    "petitions_total": ("受理陳情件數", "petitions received"),
    "petitions_replied": ("已答覆件數", "petitions replied"),
    "petitions_on_time": ("如期答覆件數", "petitions replied on time"),
    "petitions_overdue": ("逾期未答覆件數", "petitions open past the deadline"),
    "petitions_on_time_rate": ("如期答覆率", "on-time rate of petitions"),
    "consultations": ("消費諮詢件數", "consumer consultations"),
    "first_complaints": ("第一次申訴件數", "first consumer complaints"),
    "second_complaints": ("第二次申訴件數", "second consumer complaints"),
    "mediation_applied": ("申請調解件數", "mediation applications"),
    # Its meaning since it was first offered: cases (a wording saved with
    # 「調解 {mediations_held} 件」 reads the same); sessions have their own name.
    "mediations_held": ("有召開調解會議的調解件數（一件開會兩次仍計一件）",
                        "mediations with a session held (a mediation meeting twice counts once)"),
    "mediation_sessions": ("召開調解場次（一件調解開會兩次計兩場）",
                           "mediation sessions held (a mediation meeting twice counts twice)"),
    "mediations_settled": ("調解成立件數", "mediations settled"),
    "council_meetings": ("市政會議次數", "city-council meetings held"),
    "resolutions_assigned": ("列管決議案數", "resolutions assigned"),
    "resolutions_released": ("解除列管案數", "resolutions released from tracking"),
    "resolutions_tracked": ("期末仍列管案數", "resolutions still tracked at the end"),
    "audit_rounds": ("檔案管理考評輪數", "records audit rounds graded"),
    "audit_offices": ("受考核機關數", "offices audited"),
    "audit_excellent": ("考評優等機關數", "offices graded 優"),
    "audit_a": ("考評甲等機關數", "offices graded 甲"),
    "audit_b": ("考評乙等機關數", "offices graded 乙"),
    "audit_c": ("考評丙等機關數", "offices graded 丙"),
    "car_trips": ("公務車輛調派車次", "official car trips"),
    "car_trips_lent": ("支援其他機關借用車次", "car trips lent to other agencies"),
    "car_mileage_km": ("行駛里程（公里）", "kilometres driven"),
    "venue_events": ("場地開放活動場次", "events held in the venues"),
    "venue_meetings": ("會議室申請使用場次", "meeting-room bookings used"),
    "repairs_total": ("設施維修件數", "facility repairs received"),
    "repairs_completed": ("維修完成件數", "repairs completed"),
    "repairs_sihwei": ("四維行政中心維修件數", "repairs at the Sihwei centre"),
    "repairs_fengshan": ("鳳山行政中心維修件數", "repairs at the Fengshan centre"),
    "temp_staff_meetings": ("臨時人員審核小組開會次數", "temporary-staff review panel meetings"),
    "temp_staff_reviews": ("臨時人員審議案數", "temporary-staff requests reviewed"),
    "temp_staff_approved": ("臨時人員同意案數", "temporary-staff requests approved"),
    "temp_staff_monthly": ("同意進用月薪人數", "monthly-paid staff approved"),
    "temp_staff_hourly": ("同意進用時薪人數", "hourly-paid staff approved"),
    "docex_signups": ("公文電子交換申請數", "document-exchange sign-ups received"),
    "docex_approved": ("公文電子交換核准數", "document-exchange sign-ups approved"),
    "inspections": ("消費場所查察次數", "inspection rounds"),
    "shops_inspected": ("查察家數", "shops inspected"),
    "shops_nonconforming": ("不合格家數", "shops not conforming"),
    "referred_ftc": ("移送公平會件數", "referred to the Fair Trade Commission"),
}


def values(report: dict) -> dict:
    """{name: number or None} from period_report's data; a section the
    viewer does not see leaves its figures None."""
    out = dict.fromkeys(MEANINGS)
    for part, fill in _PARTS.items():
        if report.get(part) is not None:
            out.update(fill(report[part]))
    return out


def _petitions(p):
    t = p["totals"]
    return {"petitions_total": t["received"], "petitions_replied": t["replied"],
            "petitions_on_time": t["on_time"], "petitions_overdue": t["open_overdue"],
            "petitions_on_time_rate": t["on_time_rate"]}


def _consumer(c):
    t = c["totals"]
    return {"consultations": t["consultations"], "first_complaints": t["first_complaints"],
            "second_complaints": t["second_complaints"], "mediation_applied": t["mediation_applied"],
            "mediations_held": t["mediation_cases_held"], "mediation_sessions": t["mediation_held"],
            "mediations_settled": t["mediation_settled"]}


def _council(c):
    t = c["totals"]
    return {"council_meetings": c["meetings"], "resolutions_assigned": t["assigned"],
            "resolutions_released": t["released"], "resolutions_tracked": t["tracked_at_end"]}


def _audits(a):
    t = a["totals"]
    return {"audit_rounds": len(a["rounds"]), "audit_offices": t["offices_audited"],
            "audit_excellent": t["grade_excellent"], "audit_a": t["grade_a"],
            "audit_b": t["grade_b"], "audit_c": t["grade_c"]}


def _services(s):
    cars, venues, repairs = s["vehicles"], s["venues"]["by_kind"], s["repairs"]
    staff, docex = s["temp_staff"]["totals"], s["document_exchange"]
    return {"car_trips": cars["trips"], "car_trips_lent": cars["lent"], "car_mileage_km": cars["mileage_km"],
            "venue_events": venues.get("event", {}).get("used", 0),
            "venue_meetings": venues.get("meeting", {}).get("used", 0),
            "repairs_total": repairs["totals"]["received"], "repairs_completed": repairs["totals"]["completed"],
            "repairs_sihwei": repairs["by_centre"].get("sihwei", 0),
            "repairs_fengshan": repairs["by_centre"].get("fengshan", 0),
            "temp_staff_meetings": s["temp_staff"]["meetings"], "temp_staff_reviews": staff["reviews"], "temp_staff_approved": staff["approved"],
            "temp_staff_monthly": staff["monthly"], "temp_staff_hourly": staff["hourly"],
            "docex_signups": docex["signups"], "docex_approved": docex["approved"]}


def _inspections(i):
    t = i["totals"]
    return {"inspections": t["inspections"], "shops_inspected": t["shops_inspected"],
            "shops_nonconforming": t["shops_nonconforming"], "referred_ftc": t["referred_ftc"]}


_PARTS = {"petitions": _petitions, "consumer": _consumer, "council": _council, "audits": _audits,
          "services": _services, "inspections": _inspections}
