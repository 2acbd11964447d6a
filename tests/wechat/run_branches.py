#!/usr/bin/env python3
"""Every condition branch of rulesets/wechat-miniprogram.yaml, run through
the CLI: for each value of each context variable, a bundle that passes and
one that fails for the right reason (the missing document named in a
`missing-document` finding, and no other error).

    run_branches.py BUNDLECHECK MKFIXTURE SOURCE_ROOT

Bundles are built at test time in a temporary directory. The pictures come
from mkfixture (synthetic shapes and labels, never real data), are made once
per run and reused; their sizes satisfy the ruleset (subject certificate
>= 1500x1100, person's ID >= 1280x720, all colour, 100-200 KB) so a passing
bundle has no warning either. Output is TAP.
"""
import concurrent.futures
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

# ---------------------------------------------------------------------------
# EXPECTED FAILURES: cases that fail today because of a ruleset or engine gap.
# Each entry names the case and the problem; the suite stays green (TAP
# "# TODO") but the gap stays visible. Remove the entry when it is fixed:
# an expected failure that passes is reported as an unexpected pass.
# ---------------------------------------------------------------------------
EXPECTED_FAILURES = {
}

FIXED_TIME = (2026, 11, 28, 9, 0, 0)
KB = 1024


class Pictures:
    """The synthetic files, made once per run."""

    def __init__(self, mkfixture, tmp):
        self.mkfixture = mkfixture
        self.tmp = tmp
        self.problems = []

    def make(self, kind, *args):
        out = os.path.join(self.tmp, "fixture.bin")
        subprocess.run([self.mkfixture, kind, out, *map(str, args)], check=True)
        with open(out, "rb") as f:
            return f.read()

    def jpeg_in_window(self, width, height, mode, label):
        """A JPEG in WeChat's 100-200 KB window: try qualities from high to
        low and keep the first that fits."""
        sizes = []
        for quality in range(95, 10, -5):
            data = self.make("jpeg", "--width", width, "--height", height, mode,
                             "--quality", quality, "--label", label)
            sizes.append((quality, len(data)))
            if 100 * KB <= len(data) <= 200 * KB:
                return data
        self.problems.append(f"{label}: no quality gives 100-200 KB ({sizes})")
        return data


def build_files(pics):
    licence = lambda label: pics.jpeg_in_window(1800, 1300, "--doc-photo", label)
    person = lambda label: pics.jpeg_in_window(1600, 1000, "--color", label)
    # letters have no pixel or byte rules; colour is a warning, so colour
    letter = lambda label: pics.jpeg_in_window(1240, 1754, "--doc-photo", label)
    return {
        "licence": licence("LICENCE"),
        "front": person("ID FRONT"),
        "back": person("ID BACK"),
        "front2": person("ADMIN ID FRONT"),
        "back2": person("ADMIN ID BACK"),
        "letter": letter("LETTER"),
        "letter2": letter("LETTER TWO"),
        "letter3": letter("LETTER THREE"),
        "permit": letter("PERMIT"),
        "permit2": letter("PERMIT TWO"),
        # the colour verdict must also say grey when it is grey
        "gray_front": pics.jpeg_in_window(1600, 1000, "--gray3", "GREY ID FRONT"),
        "gray_licence": pics.jpeg_in_window(1800, 1300, "--gray3", "GREY LICENCE"),
    }


def write_zip(path, entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------
# Each case: name, settings (list of VAR=VALUE), files ({name: picture key}),
# and what to expect:
#   code      exit code (0 pass, 1 fail)
#   missing   the exact set of documents named by missing-document findings
#             (fail cases: these are then the only error findings)
#   present   {document id: [file, ...]} the files each document must hold
#   info      finding codes (info) that must appear
#   no_info   finding codes that must not appear
#   warnings  the exact multiset of warning codes allowed (default: none)
#   errors    {(code, document), ...} error findings other than
#             missing-document that must be there (and no others)
#   grey      files that must be judged greyscale (all others: colour)

ENT_IDS = {"身份证正面.jpg": "front", "身份证反面.jpg": "back"}
ENT = dict(ENT_IDS, **{"营业执照.jpg": "licence"})
IND = dict(ENT_IDS)
SAME_PERSON_PRESENT = {"principal-id-front": ["身份证正面.jpg"],
                       "principal-id-back": ["身份证反面.jpg"]}

# subject value -> (certificate document, natural file name)
SUBJECT_CERTS = {
    "enterprise": ("business-license", "营业执照.jpg"),
    "individual-business": ("business-license", "个体工商户营业执照.jpg"),
    "government": ("credit-code-certificate", "统一社会信用代码证书.jpg"),
    "institution": ("institution-certificate", "事业单位法人证书.jpg"),
    "social-organization": ("social-organization-certificate", "社会团体法人登记证书.jpg"),
    "national-defense": ("military-certificate", "军队单位对外有偿服务许可证.jpg"),
    "private-non-enterprise": ("private-non-enterprise-certificate", "民办非企业单位登记证书.jpg"),
    "foundation": ("foundation-certificate", "基金会法人登记证书.jpg"),
    "law-firm": ("law-firm-licence", "律师事务所执业许可证.jpg"),
    "foreign-cultural-center": ("foreign-cultural-center-certificate", "外国在华文化中心登记证.jpg"),
    "mass-organization": ("credit-code-certificate", "统一社会信用代码证书.jpg"),
    "judicial-appraisal": ("judicial-appraisal-licence", "司法鉴定许可证.jpg"),
    "religious-organization": ("religious-venue-certificate", "宗教活动场所登记证.jpg"),
    "overseas-organization": ("overseas-organization-certificate", "外国企业常驻代表机构登记证.jpg"),
    "medical-institution": ("medical-institution-licence", "医疗机构执业许可证.jpg"),
    "notary": ("notary-licence", "公证机构执业证.jpg"),
    "collective-economy": ("collective-economy-certificate", "农村集体经济组织登记证.jpg"),
    "arbitration": ("arbitration-certificate", "仲裁委员会登记证.jpg"),
}

# pre-approval value -> natural file name of its licence
PRE_APPROVALS = {
    "news": "互联网新闻信息服务许可证.jpg",
    "publishing": "网络出版服务许可证.jpg",
    "education": "教育局前置审批文件.jpg",
    "healthcare": "卫生健康委员会医疗保健审批文件.jpg",
    "drugs-devices": "互联网药品信息服务资格证书.jpg",
    "bulletin": "电子公告服务专项审批文件.jpg",
    "culture": "网络文化经营许可证.jpg",
    "broadcasting": "信息网络传播视听节目许可证.jpg",
    "ride-hailing": "网络预约出租汽车经营许可证.jpg",
    "finance": "互联网金融业务审批文件.jpg",
    "tutoring": "校外培训办学许可证.jpg",
}

# The official request field(s) behind each document the cases look at
# (docs/wechat-miniprogram.md §3).
FIELDS = {
    "principal-id-front": ["icp_subject.principal_info.certificate_photo_front",
                           "icp_applets.principal_info.certificate_photo_front"],
    "principal-id-back": ["icp_subject.principal_info.certificate_photo_back",
                          "icp_applets.principal_info.certificate_photo_back"],
    "subject-principal-id-front": ["icp_subject.principal_info.certificate_photo_front"],
    "subject-principal-id-back": ["icp_subject.principal_info.certificate_photo_back"],
    "applet-principal-id-front": ["icp_applets.principal_info.certificate_photo_front"],
    "applet-principal-id-back": ["icp_applets.principal_info.certificate_photo_back"],
    "subject-authorization-letter": ["icp_subject.principal_info.authorization_letter"],
    "applet-authorization-letter": ["icp_applets.principal_info.authorization_letter"],
    "residence-proof": ["icp_subject.personal_info.residence_permit"],
    "name-change-letter": ["icp_materials.business_name_change_letter"],
}
for _doc, _name in set(SUBJECT_CERTS.values()):
    FIELDS[_doc] = ["icp_subject.organize_info.certificate_photo"]
for _cat in PRE_APPROVALS:
    FIELDS["pre-approval-" + _cat] = ["icp_applets.base_info.nrlx_details[].media"]


def case(name, settings, files, code, **kw):
    c = {"name": name, "settings": settings, "files": files, "code": code}
    c.update(kw)
    return c


def without(files, *names):
    return {k: v for k, v in files.items() if k not in names}


def cases():
    out = []

    # ---- filing -----------------------------------------------------------
    out.append(case("filing=new pass", ["filing=new"], ENT, 0,
                    present=dict(SAME_PERSON_PRESENT, **{"business-license": ["营业执照.jpg"]}),
                    info=["certificate-validity-reminder"],
                    no_info=["filing-change-full-set", "filing-cancel-no-attachments"]))
    out.append(case("filing=new fail (no ID front)", ["filing=new"],
                    without(ENT, "身份证正面.jpg"), 1, missing={"principal-id-front"}))
    out.append(case("filing=change pass", ["filing=change"], ENT, 0,
                    present=SAME_PERSON_PRESENT, info=["filing-change-full-set"]))
    out.append(case("filing=change fail (no ID back)", ["filing=change"],
                    without(ENT, "身份证反面.jpg"), 1, missing={"principal-id-back"}))
    out.append(case("filing=cancel empty bundle passes", ["filing=cancel"], {}, 0,
                    info=["filing-cancel-no-attachments"],
                    no_info=["certificate-validity-reminder"]))
    out.append(case("filing=cancel individual empty bundle passes",
                    ["filing=cancel", "subject=individual", "residence=non-local"], {}, 0,
                    info=["filing-cancel-no-attachments"]))
    out.append(case("filing=cancel ignores every condition",
                    ["filing=cancel", "subject=institution", "subject-principal=authorized",
                     "applet-principal=authorized", "renamed=yes", "pre-approval=news,culture"],
                    {}, 0, info=["filing-cancel-no-attachments"],
                    no_info=["letter-signing-date-reminder", "service-provider-api-scope"]))
    # what a cancellation bundle that still carries files gets: every file is
    # not needed (a warning), nothing is missing
    out.append(case("filing=cancel with files passes (files not needed)",
                    ["filing=cancel"], ENT, 0, info=["filing-cancel-no-attachments"],
                    warnings=["file-not-needed"] * 3))

    # ---- subject: every value -------------------------------------------------
    for subject, (doc, fname) in SUBJECT_CERTS.items():
        files = dict(ENT_IDS, **{fname: "licence"})
        scope = subject not in ("enterprise", "individual-business")
        kw = {"info": ["service-provider-api-scope"]} if scope else {"no_info": ["service-provider-api-scope"]}
        out.append(case(f"subject={subject} pass ({fname})", [f"subject={subject}"], files, 0,
                        present=dict(SAME_PERSON_PRESENT, **{doc: [fname]}), **kw))
        out.append(case(f"subject={subject} fail (no certificate)", [f"subject={subject}"],
                        ENT_IDS, 1, missing={doc}))
    out.append(case("subject=individual pass (IDs only)", ["subject=individual"], IND, 0,
                    present=SAME_PERSON_PRESENT, no_info=["service-provider-api-scope"]))
    out.append(case("subject=individual fail (no ID front)", ["subject=individual"],
                    without(IND, "身份证正面.jpg"), 1, missing={"principal-id-front"}))
    out.append(case("subject=individual fail (licence instead of IDs)", ["subject=individual"],
                    {"营业执照.jpg": "licence"}, 1,
                    missing={"principal-id-front", "principal-id-back"},
                    warnings=["file-not-needed"]))
    # aliases reach the same branch
    out.append(case("subject=事业单位 (Chinese alias) fail", ["subject=事业单位"], ENT_IDS, 1,
                    missing={"institution-certificate"}))
    out.append(case("subject=3 (numeric alias) pass", ["subject=3"],
                    dict(ENT_IDS, **{"事业单位法人证书.jpg": "licence"}), 0,
                    present={"institution-certificate": ["事业单位法人证书.jpg"]}))

    # other names the docs (§2, §4) promise to recognise
    for subject, fname in [
        ("enterprise", "营业执照副本.jpg"),
        ("enterprise", "营业执照正面.jpg"),
        ("enterprise", "统一社会信用代码.jpg"),
        ("enterprise", "business_license.jpg"),
        ("government", "组织机构代码证.jpg"),
        ("national-defense", "部队代号.jpg"),
        ("private-non-enterprise", "社会服务机构登记证书.jpg"),
        ("private-non-enterprise", "民办学校办学许可证.jpg"),
        ("overseas-organization", "境外机构证件.jpg"),
    ]:
        doc = SUBJECT_CERTS[subject][0]
        out.append(case(f"subject={subject} pass ({fname})", [f"subject={subject}"],
                        dict(ENT_IDS, **{fname: "licence"}), 0,
                        present=dict(SAME_PERSON_PRESENT, **{doc: [fname]})))
    for front, back in [("身份证人像面.jpg", "身份证国徽面.jpg"),
                        ("身份证（正面）.jpg", "身份证（反面）.jpg"),
                        ("IMG_20241103_身份证正面(1).jpg", "IMG_20241103_身份证背面(1).jpg"),
                        ("id-card-front.jpg", "id-card-back.jpg"),
                        ("人像面.jpg", "国徽面.jpg"),
                        ("负责人身份证正面.jpg", "负责人身份证反面.jpg")]:
        out.append(case(f"same person pass ({front}, {back})", ["subject=individual"],
                        {front: "front", back: "back"}, 0,
                        present={"principal-id-front": [front], "principal-id-back": [back]}))

    # the pictures' colour verdict, both ways
    out.append(case("greyscale ID front is an error (not a missing document)", ["subject=individual"],
                    {"身份证正面.jpg": "gray_front", "身份证反面.jpg": "back"}, 1,
                    errors={("image-not-color", "principal-id-front")}, grey=["身份证正面.jpg"]))
    out.append(case("greyscale licence is an error (not a missing document)", ["subject=enterprise"],
                    dict(ENT_IDS, **{"营业执照.jpg": "gray_licence"}), 1,
                    errors={("image-not-color", "business-license")}, grey=["营业执照.jpg"]))

    # ---- subject-principal ------------------------------------------------------
    out.append(case("subject-principal=legal-rep pass", ["subject-principal=legal-rep"], ENT, 0,
                    present=SAME_PERSON_PRESENT, no_info=["authorization-province-support"]))
    out.append(case("subject-principal=authorized pass (one 授权书 serves both letters)",
                    ["subject-principal=authorized"], dict(ENT, **{"授权书.jpg": "letter"}), 0,
                    present=dict(SAME_PERSON_PRESENT, **{
                        "subject-authorization-letter": ["授权书.jpg"],
                        "applet-authorization-letter": ["授权书.jpg"]}),
                    info=["authorization-province-support", "letter-signing-date-reminder"],
                    no_info=["name-files-by-role"]))
    out.append(case("subject-principal=authorized fail (no letter)",
                    ["subject-principal=authorized"], ENT, 1,
                    missing={"subject-authorization-letter", "applet-authorization-letter"}))
    out.append(case("subject-principal=authorized fail (主体负责人授权书 only)",
                    ["subject-principal=authorized"], dict(ENT, **{"主体负责人授权书.jpg": "letter"}), 1,
                    missing={"applet-authorization-letter"},
                    present={"subject-authorization-letter": ["主体负责人授权书.jpg"]}))
    out.append(case("subject-principal=authorized pass (two role-named letters)",
                    ["subject-principal=authorized"],
                    dict(ENT, **{"主体负责人授权书.jpg": "letter", "小程序负责人授权书.jpg": "letter2"}), 0,
                    present={"subject-authorization-letter": ["主体负责人授权书.jpg"],
                             "applet-authorization-letter": ["小程序负责人授权书.jpg"]}))

    # ---- applet-principal ---------------------------------------------------------
    out.append(case("applet-principal=subject-principal pass",
                    ["applet-principal=subject-principal"], ENT, 0, present=SAME_PERSON_PRESENT))
    out.append(case("applet-principal=legal-rep (same person) pass: unqualified IDs serve both",
                    ["applet-principal=legal-rep", "subject-principal=legal-rep"], ENT, 0,
                    present=SAME_PERSON_PRESENT))
    out.append(case("applet-principal=legal-rep (same person) fail (no ID back)",
                    ["applet-principal=legal-rep"], without(ENT, "身份证反面.jpg"), 1,
                    missing={"principal-id-back"}))
    two_people = {
        "营业执照.jpg": "licence",
        "法人身份证正面.jpg": "front", "法人身份证反面.jpg": "back",
        "小程序负责人身份证正面.jpg": "front2", "小程序负责人身份证反面.jpg": "back2",
    }
    two_present = {
        "subject-principal-id-front": ["法人身份证正面.jpg"],
        "subject-principal-id-back": ["法人身份证反面.jpg"],
        "applet-principal-id-front": ["小程序负责人身份证正面.jpg"],
        "applet-principal-id-back": ["小程序负责人身份证反面.jpg"],
    }
    out.append(case("applet-principal=authorized pass (own ID pair + 小程序负责人授权书)",
                    ["applet-principal=authorized"],
                    dict(two_people, **{"小程序负责人授权书.jpg": "letter"}), 0,
                    present=dict(two_present, **{"applet-authorization-letter": ["小程序负责人授权书.jpg"]}),
                    info=["letter-signing-date-reminder"],
                    no_info=["authorization-province-support", "name-files-by-role"]))
    out.append(case("applet-principal=authorized pass (folders name the roles, unqualified 授权书)",
                    ["applet-principal=authorized"],
                    {"营业执照.jpg": "licence",
                     "主体负责人/身份证人像面.jpg": "front", "主体负责人/身份证国徽面.jpg": "back",
                     "小程序管理员/身份证人像面.jpg": "front2", "小程序管理员/身份证国徽面.jpg": "back2",
                     "授权书.jpg": "letter"}, 0,
                    present={"subject-principal-id-front": ["主体负责人/身份证人像面.jpg"],
                             "applet-principal-id-back": ["小程序管理员/身份证国徽面.jpg"],
                             "applet-authorization-letter": ["授权书.jpg"]}))
    out.append(case("applet-principal=authorized fail (no applet ID pair)",
                    ["applet-principal=authorized"],
                    {"营业执照.jpg": "licence", "法人身份证正面.jpg": "front",
                     "法人身份证反面.jpg": "back", "小程序负责人授权书.jpg": "letter"}, 1,
                    missing={"applet-principal-id-front", "applet-principal-id-back"}))
    out.append(case("applet-principal=authorized fail (no letter)",
                    ["applet-principal=authorized"], two_people, 1,
                    missing={"applet-authorization-letter"}))
    # unqualified 身份证正面/反面 fit both people: ambiguous, and both pairs
    # are then missing
    out.append(case("applet-principal=authorized fail (unqualified IDs are ambiguous)",
                    ["applet-principal=authorized"],
                    dict(ENT, **{"小程序负责人授权书.jpg": "letter"}), 1,
                    missing={"subject-principal-id-front", "subject-principal-id-back",
                             "applet-principal-id-front", "applet-principal-id-back"},
                    warnings=["ambiguous-file", "ambiguous-file"]))
    # subject authorised, applet = legal representative: two people, only
    # the subject letter
    out.append(case("subject-principal=authorized applet-principal=legal-rep pass",
                    ["subject-principal=authorized", "applet-principal=legal-rep"],
                    {"营业执照.jpg": "licence",
                     "主体负责人身份证正面.jpg": "front", "主体负责人身份证反面.jpg": "back",
                     "小程序负责人身份证正面.jpg": "front2", "小程序负责人身份证反面.jpg": "back2",
                     "主体负责人授权书.jpg": "letter"}, 0,
                    present={"subject-principal-id-front": ["主体负责人身份证正面.jpg"],
                             "applet-principal-id-front": ["小程序负责人身份证正面.jpg"],
                             "subject-authorization-letter": ["主体负责人授权书.jpg"]},
                    info=["name-files-by-role", "authorization-province-support"]))
    out.append(case("subject-principal=authorized applet-principal=legal-rep fail (no letter)",
                    ["subject-principal=authorized", "applet-principal=legal-rep"],
                    {"营业执照.jpg": "licence",
                     "主体负责人身份证正面.jpg": "front", "主体负责人身份证反面.jpg": "back",
                     "小程序负责人身份证正面.jpg": "front2", "小程序负责人身份证反面.jpg": "back2"}, 1,
                    missing={"subject-authorization-letter"}))
    # both authorised, two people: one unqualified 授权书 feeds both letters
    both_auth = {"营业执照.jpg": "licence",
                 "主体负责人身份证正面.jpg": "front", "主体负责人身份证反面.jpg": "back",
                 "小程序负责人身份证正面.jpg": "front2", "小程序负责人身份证反面.jpg": "back2"}
    out.append(case("both principals authorised pass (share group: one 授权书)",
                    ["subject-principal=authorized", "applet-principal=authorized"],
                    dict(both_auth, **{"授权书.jpg": "letter"}), 0,
                    present={"subject-authorization-letter": ["授权书.jpg"],
                             "applet-authorization-letter": ["授权书.jpg"],
                             "subject-principal-id-back": ["主体负责人身份证反面.jpg"],
                             "applet-principal-id-back": ["小程序负责人身份证反面.jpg"]},
                    info=["name-files-by-role"]))
    out.append(case("both principals authorised fail (no letters)",
                    ["subject-principal=authorized", "applet-principal=authorized"], both_auth, 1,
                    missing={"subject-authorization-letter", "applet-authorization-letter"}))
    # individual: the principal options are ignored
    out.append(case("individual ignores principal options (pass, IDs only)",
                    ["subject=individual", "subject-principal=authorized", "applet-principal=authorized"],
                    IND, 0, present=SAME_PERSON_PRESENT,
                    info=["individual-principals-same-person"],
                    no_info=["letter-signing-date-reminder", "authorization-province-support"]))

    # ---- residence ------------------------------------------------------------------
    out.append(case("residence=local individual pass", ["subject=individual", "residence=local"],
                    IND, 0, present=SAME_PERSON_PRESENT))
    for proof in ["居住证.jpg", "暂住证.jpg", "社保证明.jpg", "房产证.jpg"]:
        out.append(case(f"residence=non-local individual pass ({proof})",
                        ["subject=individual", "residence=non-local"],
                        dict(IND, **{proof: "letter"}), 0,
                        present={"residence-proof": [proof]}))
    out.append(case("residence=non-local individual fail (no proof)",
                    ["subject=individual", "residence=non-local"], IND, 1,
                    missing={"residence-proof"}))
    out.append(case("residence=non-local enterprise pass (info only)",
                    ["residence=non-local"], ENT, 0,
                    info=["residence-proof-only-for-individuals"]))

    # ---- renamed ---------------------------------------------------------------------
    out.append(case("renamed=no pass", ["renamed=no"], ENT, 0, no_info=["letter-signing-date-reminder"]))
    out.append(case("renamed=yes enterprise pass (主体更名函.jpg)", ["renamed=yes"],
                    dict(ENT, **{"主体更名函.jpg": "letter"}), 0,
                    present={"name-change-letter": ["主体更名函.jpg"]},
                    info=["letter-signing-date-reminder"]))
    out.append(case("renamed=yes enterprise fail (no letter)", ["renamed=yes"], ENT, 1,
                    missing={"name-change-letter"}))
    out.append(case("renamed=yes institution fail (no letter)",
                    ["renamed=yes", "subject=institution"],
                    dict(ENT_IDS, **{"事业单位法人证书.jpg": "licence"}), 1,
                    missing={"name-change-letter"}))
    out.append(case("renamed=yes individual pass (info only)", ["renamed=yes", "subject=individual"],
                    IND, 0, info=["name-change-not-for-individuals"]))

    # ---- pre-approval: every category ---------------------------------------------------
    for cat, fname in PRE_APPROVALS.items():
        out.append(case(f"pre-approval={cat} pass ({fname})", [f"pre-approval={cat}"],
                        dict(ENT, **{fname: "permit"}), 0,
                        present={"pre-approval-" + cat: [fname]}))
        out.append(case(f"pre-approval={cat} fail (no licence)", [f"pre-approval={cat}"], ENT, 1,
                        missing={"pre-approval-" + cat}))
    for cat, fname in [("education", "教育局批文.jpg"),
                       ("culture", "文网文.jpg"),
                       ("publishing", "互联网出版许可证.jpg"),
                       ("drugs-devices", "药品经营许可证.jpg"),
                       ("drugs-devices", "医疗器械经营许可证.jpg"),
                       ("broadcasting", "视听节目许可证.jpg"),
                       ("ride-hailing", "网约车经营许可证.jpg")]:
        out.append(case(f"pre-approval={cat} pass ({fname})", [f"pre-approval={cat}"],
                        dict(ENT, **{fname: "permit"}), 0,
                        present={"pre-approval-" + cat: [fname]}))
    # a subject certificate and a licence that share words
    out.append(case("private-non-enterprise + tutoring pass (two 办学许可证)",
                    ["subject=private-non-enterprise", "pre-approval=tutoring"],
                    dict(ENT_IDS, **{"民办学校办学许可证.jpg": "licence",
                                     PRE_APPROVALS["tutoring"]: "permit"}), 0,
                    present={"private-non-enterprise-certificate": ["民办学校办学许可证.jpg"],
                             "pre-approval-tutoring": [PRE_APPROVALS["tutoring"]]}))
    out.append(case("medical-institution + healthcare pass",
                    ["subject=medical-institution", "pre-approval=healthcare"],
                    dict(ENT_IDS, **{"医疗机构执业许可证.jpg": "licence",
                                     PRE_APPROVALS["healthcare"]: "permit"}), 0,
                    present={"medical-institution-licence": ["医疗机构执业许可证.jpg"],
                             "pre-approval-healthcare": [PRE_APPROVALS["healthcare"]]}))
    out.append(case("medical-institution + healthcare fail (licence only, no approval)",
                    ["subject=medical-institution", "pre-approval=healthcare"],
                    dict(ENT_IDS, **{"医疗机构执业许可证.jpg": "licence"}), 1,
                    missing={"pre-approval-healthcare"}))
    out.append(case("renamed=yes pass (名称变更说明.jpg)", ["renamed=yes"],
                    dict(ENT, **{"名称变更说明.jpg": "letter"}), 0,
                    present={"name-change-letter": ["名称变更说明.jpg"]}))
    out.append(case("residence=non-local pass (不动产权证.jpg)", ["subject=individual", "residence=non-local"],
                    dict(IND, **{"不动产权证.jpg": "letter"}), 0,
                    present={"residence-proof": ["不动产权证.jpg"]}))
    out.append(case("subject-principal=authorized pass (授权委托书.jpg)", ["subject-principal=authorized"],
                    dict(ENT, **{"授权委托书.jpg": "letter"}), 0,
                    present={"subject-authorization-letter": ["授权委托书.jpg"],
                             "applet-authorization-letter": ["授权委托书.jpg"]}))
    out.append(case("pre-approval=news,culture pass", ["pre-approval=news,culture"],
                    dict(ENT, **{"互联网新闻信息服务许可证.jpg": "permit",
                                 "网络文化经营许可证.jpg": "permit2"}), 0,
                    present={"pre-approval-news": ["互联网新闻信息服务许可证.jpg"],
                             "pre-approval-culture": ["网络文化经营许可证.jpg"]}))
    out.append(case("pre-approval=新闻,文化 (Chinese) fail (culture missing)", ["pre-approval=新闻,文化"],
                    dict(ENT, **{"互联网新闻信息服务许可证.jpg": "permit"}), 1,
                    missing={"pre-approval-culture"}))
    out.append(case("pre-approval=1,9 (numeric ids) fail (both missing)", ["pre-approval=1,9"],
                    ENT, 1, missing={"pre-approval-news", "pre-approval-culture"}))
    out.append(case("pre-approval=none (empty) pass", ["pre-approval="], ENT, 0))

    # ---- province ----------------------------------------------------------------------
    # The Ningxia rule (6 months instead of 3): without a province the
    # certificate-validity-reminder states both; with province=ningxia it
    # states Ningxia's own (docs §8.16).
    out.append(case("province unset: validity notice states 3 and 6 (Ningxia) months", [], ENT, 0,
                    info=["certificate-validity-reminder"],
                    notice_text={"certificate-validity-reminder": ["3 months", "Ningxia", "6 months"]}))
    out.append(case("province=ningxia: validity notice states 6 months", ["province=ningxia"], ENT, 0,
                    info=["certificate-validity-reminder"],
                    notice_text={"certificate-validity-reminder": ["Filing in Ningxia", "more than 6 months"]}))
    out.append(case("province=ningxia fail (no licence)", ["province=宁夏"],
                    without(ENT, "营业执照.jpg"), 1, missing={"business-license"}))
    out.append(case("province unset: education abolished notice", ["pre-approval=education"],
                    dict(ENT, **{PRE_APPROVALS["education"]: "permit"}), 0,
                    info=["pre-approval-education-abolished"]))
    out.append(case("province=zhejiang: no education abolished notice, still required",
                    ["pre-approval=education", "province=zhejiang"], ENT, 1,
                    missing={"pre-approval-education"},
                    no_info=["pre-approval-education-abolished"]))
    out.append(case("province=beijing: education abolished notice never removes the requirement",
                    ["pre-approval=education", "province=beijing"], ENT, 1,
                    missing={"pre-approval-education"},
                    info=["pre-approval-education-abolished"]))
    out.append(case("province=hebei: no healthcare abolished notice",
                    ["pre-approval=healthcare", "province=hebei"],
                    dict(ENT, **{PRE_APPROVALS["healthcare"]: "permit"}), 0,
                    no_info=["pre-approval-healthcare-abolished"]))
    out.append(case("bulletin abolished notice, still required",
                    ["pre-approval=bulletin"], ENT, 1, missing={"pre-approval-bulletin"},
                    info=["pre-approval-bulletin-abolished"]))
    return out


# ---------------------------------------------------------------------------
# Running and judging
# ---------------------------------------------------------------------------

def run_case(binary, env, tmp, pics, index, c):
    path = os.path.join(tmp, f"case-{index:03d}.zip")
    write_zip(path, [(name, pics[key]) for name, key in c["files"].items()])
    args = [binary, "check", "-f", "json", "--lang", "en"]
    for s in c["settings"]:
        args += ["-s", s]
    proc = subprocess.run(args + [path], env=env, capture_output=True, timeout=60)
    return judge(c, proc)


def judge(c, proc):
    problems = []
    if proc.returncode != c["code"]:
        problems.append(f"exit code {proc.returncode}, expected {c['code']}")
    try:
        report = json.loads(proc.stdout.decode("utf-8").splitlines()[0])
    except (IndexError, ValueError) as e:
        problems.append(f"no JSON report ({e}); stderr: {proc.stderr.decode('utf-8', 'replace')[:500]}")
        return problems, None
    findings = report.get("findings", [])
    docs = {d["id"]: d for d in report.get("documents", [])}
    errors = [f for f in findings if f["severity"] == "error"]
    warnings = sorted(f["code"] for f in findings if f["severity"] == "warning")
    infos = {f["code"] for f in findings if f["severity"] == "info"}

    missing = {f["document"] for f in errors if f["code"] == "missing-document"}
    others = [f for f in errors if f["code"] != "missing-document"]
    want_missing = c.get("missing", set())
    if missing != want_missing:
        problems.append(f"missing-document for {sorted(missing)}, expected {sorted(want_missing)}")
    want_errors = c.get("errors", set())
    have_errors = {(f["code"], f["document"]) for f in others}
    if want_errors - have_errors:
        problems.append(f"errors {sorted(want_errors - have_errors)} expected")
    others = [f for f in others if (f["code"], f["document"]) not in want_errors]
    if others:
        problems.append("other errors: " + "; ".join(f"{f['code']} {f['document']} {f['file']}: {f['message']}"
                                                      for f in others))
    want_warnings = sorted(c.get("warnings", []))
    if warnings != want_warnings:
        problems.append("warnings " + str([(f["code"], f["document"], f["file"]) for f in findings
                                          if f["severity"] == "warning"]) + f", expected {want_warnings}")
    for code in c.get("info", []):
        if code not in infos:
            problems.append(f"info {code} missing (have {sorted(infos)})")
    for code in c.get("no_info", []):
        if code in infos:
            problems.append(f"info {code} should not appear")
    for code, phrases in c.get("notice_text", {}).items():
        for f in findings:
            if f["code"] == code:
                for p in phrases:
                    if p not in f["message"]:
                        problems.append(f"notice {code} does not say {p!r}: {f['message']}")

    # every finding about a document cites its source
    for f in findings:
        if f.get("document") and not (f.get("source") or "").strip():
            problems.append(f"finding {f['code']} about {f['document']} has no source")
    # missing documents: the finding names the document, which is required
    for f in errors:
        if f["code"] == "missing-document":
            d = docs.get(f["document"])
            if d is None or d.get("status") != "missing" or d.get("required") is not True:
                problems.append(f"missing {f['document']}: document entry is {d and d.get('status')}")
    # documents carry their official request fields
    for doc_id in set(want_missing) | set(c.get("present", {})):
        d = docs.get(doc_id)
        if d is None:
            problems.append(f"no document entry {doc_id}")
            continue
        if doc_id in FIELDS and d.get("fields") != FIELDS[doc_id]:
            problems.append(f"{doc_id} fields {d.get('fields')}, expected {FIELDS[doc_id]}")
        if not (d.get("source") or "").strip():
            problems.append(f"{doc_id} has no source")
    for doc_id, files in c.get("present", {}).items():
        d = docs.get(doc_id)
        if d is None:
            continue
        if d.get("status") != "present" or sorted(d.get("files", [])) != sorted(files):
            problems.append(f"{doc_id}: status {d.get('status')} files {d.get('files')}, expected {files}")
    # the pictures must be judged colour (else the fixture, not the rule, is wrong)
    for fr in report.get("files", []):
        img = ((fr.get("inspection") or {}).get("image") or {})
        grey = fr["path"] in c.get("grey", ())
        if img and img.get("color") is not (not grey):
            problems.append(f"fixture {fr['path']} judged {'colour' if img.get('color') else 'greyscale'}"
                            f" (chroma {img.get('chroma')})")
    return problems, report


def main():
    binary, mkfixture, root = sys.argv[1:4]
    env = dict(os.environ, BUNDLECHECK_RULESET_PATH=os.path.join(root, "rulesets"))
    all_cases = cases()
    names = [c["name"] for c in all_cases]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, f"duplicate case names {dup}"
    unknown = set(EXPECTED_FAILURES) - set(names)
    assert not unknown, f"EXPECTED_FAILURES names no case: {unknown}"

    with tempfile.TemporaryDirectory(prefix="bc-wechat-") as tmp:
        pictures = Pictures(mkfixture, tmp)
        pics = build_files(pictures)
        print(f"1..{len(all_cases) + 1}")
        if pictures.problems:
            print("not ok 1 - fixtures in the 100-200 KB window")
            for p in pictures.problems:
                print(f"#   {p}")
        else:
            print("ok 1 - fixtures in the 100-200 KB window")
        passed = 0 if pictures.problems else 1
        failed = 1 - passed
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
            futures = [pool.submit(run_case, binary, env, tmp, pics, i, c)
                       for i, c in enumerate(all_cases)]
            for i, (c, fut) in enumerate(zip(all_cases, futures), start=2):
                problems, _ = fut.result()
                xfail = EXPECTED_FAILURES.get(c["name"])
                if problems:
                    if xfail:
                        print(f"not ok {i} - {c['name']} # TODO {xfail}")
                    else:
                        print(f"not ok {i} - {c['name']}")
                        failed += 1
                    for p in problems:
                        print(f"#   {p}")
                else:
                    if xfail:
                        # an expected failure that now passes: remove it
                        print(f"ok {i} - {c['name']} # TODO unexpectedly passes; remove from EXPECTED_FAILURES")
                    else:
                        print(f"ok {i} - {c['name']}")
                    passed += 1
    print(f"# {passed} passed, {failed} failed, {len(EXPECTED_FAILURES)} expected failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
