"""Demo data: the ward of the first regulation (Đảng bộ phường Hải Dương), the
province of the second (Tỉnh ủy, Đảng ủy Công an tỉnh, huyện ủy, thành ủy) and,
for load tests, a city of many such wards. Idempotent: running it again
changes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User

from . import services
from .models import Membership, Organization, Term

Kind = Organization.Kind
Pos = Membership.Position

CELL_NAMES = [
    (Kind.CELL, "Chi bộ Khu dân cư Trần Hưng Đạo"),
    (Kind.CELL, "Chi bộ Khu dân cư Quang Trung"),
    (Kind.CELL, "Chi bộ Khu dân cư Nguyễn Trãi"),
    (Kind.CELL, "Chi bộ Khu dân cư Lê Thanh Nghị"),
    (Kind.CELL, "Chi bộ Khu dân cư Bạch Đằng"),
    (Kind.CELL, "Chi bộ Khu dân cư Phạm Ngũ Lão"),
    (Kind.CELL, "Chi bộ Khu dân cư Ngọc Châu"),
    (Kind.CELL, "Chi bộ Khu dân cư Hải Tân"),
    (Kind.CELL, "Chi bộ Trường THCS Lê Quý Đôn"),
    (Kind.CELL, "Chi bộ Trường Tiểu học Nguyễn Du"),
    (Kind.CELL, "Chi bộ Trạm Y tế phường"),
    (Kind.CELL, "Chi bộ Quân sự phường"),
    (Kind.SUB_COMMITTEE, "Đảng bộ bộ phận Khu dân cư Thanh Bình"),
    (Kind.SUB_COMMITTEE, "Đảng bộ bộ phận Khu dân cư Tân Bình"),
]

EXTRA_WARD_NAMES = [
    "Thành Đông",
    "Lê Thanh Nghị",
    "Tân Hưng",
    "Việt Hòa",
    "Ái Quốc",
    "Nam Đồng",
    "Tứ Minh",
    "Thạch Khôi",
    "Hải Tân",
    "Ngọc Sơn",
    "Cẩm Thượng",
    "Bình Hàn",
]

DEMO_START = datetime.date(2026, 1, 1)
TERM = (2025, 2030, "Nhiệm kỳ 2025–2030")
# The ward decision takes effect "kể từ ngày ký" and leaves the day blank; the
# demo's administrator enters the date of the attached regulation (11/5/2026).
WARD_REGULATION_CODE = "qc-phuong-hai-duong"
WARD_EFFECTIVE_DATE = datetime.date(2026, 5, 11)
FOCAL_NOTE = "Đầu mối chủ trì chỉ đạo, triển khai thực hiện Quy chế (Điều 12.1)"
WARD_STAFF_NOTE = "Bộ phận giúp việc cấp ủy (Điều 12.2)"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    org_suffix: str  # "" root, "btv", "vp", "ca", "cb01"...
    position: str
    focal: bool = False
    clearance: int = User.Clearance.NONE
    label: str = ""
    phone: str = ""
    government_post: str = ""
    note: str = ""


# One user for every role, in the first ward (one line each: a table).
# fmt: off
DEMO_USERS = [
    DemoUser("thuongtruc", "Nguyễn Văn Thành", "btv", Pos.SECRETARY, label="Thường trực / Ban Thường vụ (Bí thư Đảng ủy phường)", phone="0912 480 215"),
    DemoUser("btv_uyvien", "Lê Thị Hạnh", "btv", Pos.COMMITTEE_MEMBER, label="Ủy viên Ban Thường vụ", phone="0915 327 604"),
    DemoUser("uyvien_dangbo", "Trịnh Văn Long", "", Pos.COMMITTEE_MEMBER, label="Ủy viên Ban Chấp hành Đảng bộ phường (Đảng ủy phường)", phone="0919 562 038"),
    DemoUser("congan", "Trần Quốc Hùng", "ca", Pos.SECRETARY, clearance=User.Clearance.SECRET, label="Bí thư Đảng ủy Công an phường (được xem tài liệu Mật)", phone="0983 116 742", government_post="Trưởng Công an phường"),
    DemoUser("congan_pho", "Đỗ Minh Tuấn", "ca", Pos.DEPUTY_SECRETARY, focal=True, label="Phó Bí thư Đảng ủy Công an phường, đầu mối", phone="0904 258 931", government_post="Phó trưởng Công an phường", note=FOCAL_NOTE),
    DemoUser("giupviec_ca", "Lương Thị Hoa", "ca", Pos.STAFF, label="Cán bộ giúp việc Đảng ủy Công an phường", note=WARD_STAFF_NOTE),
    DemoUser("bithu_cb01", "Phạm Thị Lan", "cb01", Pos.SECRETARY, label="Bí thư Chi bộ Khu dân cư Trần Hưng Đạo", phone="0936 742 580"),
    DemoUser("phobithu_cb01", "Vũ Đức Anh", "cb01", Pos.DEPUTY_SECRETARY, focal=True, label="Phó Bí thư Chi bộ Khu dân cư Trần Hưng Đạo, đầu mối", phone="0977 315 468", note=FOCAL_NOTE),
    DemoUser("giupviec_cb01", "Mai Văn Quý", "cb01", Pos.STAFF, label="Cán bộ giúp việc Chi bộ Khu dân cư Trần Hưng Đạo", note=WARD_STAFF_NOTE),
    DemoUser("bithu_cb02", "Hoàng Văn Nam", "cb02", Pos.SECRETARY, label="Bí thư Chi bộ Khu dân cư Quang Trung", phone="0948 603 127"),
    DemoUser("phobithu_cb02", "Đinh Thị Thu", "cb02", Pos.DEPUTY_SECRETARY, focal=True, label="Phó Bí thư Chi bộ Khu dân cư Quang Trung, đầu mối", phone="0868 294 753", note=FOCAL_NOTE),
    DemoUser("giupviec_cb02", "Tạ Thị Ngọc", "cb02", Pos.STAFF, label="Cán bộ giúp việc Chi bộ Khu dân cư Quang Trung", note=WARD_STAFF_NOTE),
    DemoUser("vanphong", "Ngô Thị Mai", "vp", Pos.STAFF, label="Cán bộ Văn phòng Đảng ủy (bộ phận giúp việc)"),
    DemoUser("dangvien_cb01", "Bùi Văn Khoa", "cb01", Pos.MEMBER, label="Đảng viên Chi bộ Trần Hưng Đạo (không có vai trò)"),
]
# fmt: on


def _org(
    code, name, kind, parent, short_name="", domain="phuong.example"
) -> tuple[Organization, bool]:
    existing = Organization.objects.filter(code=code).first()
    if existing:
        return existing, False
    org = services.create_organization(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        email=f"{code}@{domain}",
    )
    return org, True


def _term(org: Organization) -> Term:
    start, end, name = TERM
    term, _created = Term.objects.get_or_create(
        organization=org, start_year=start, defaults={"end_year": end, "name": name}
    )
    return term


def build_ward(prefix: str, ward_name: str) -> dict[str, Organization]:
    """The organisations of one ward; keys are the code suffixes."""
    orgs: dict[str, Organization] = {}
    root, _ = _org(prefix, f"Đảng bộ phường {ward_name}", Kind.WARD_COMMITTEE, None)
    orgs[""] = root
    orgs["btv"], _ = _org(
        f"{prefix}-btv",
        f"Ban Thường vụ Đảng ủy phường {ward_name}",
        Kind.STANDING_COMMITTEE,
        root,
        "BTV",
    )
    orgs["vp"], _ = _org(
        f"{prefix}-vp", f"Văn phòng Đảng ủy phường {ward_name}", Kind.OFFICE, root, "VP"
    )
    orgs["ca"], _ = _org(
        f"{prefix}-ca",
        f"Đảng ủy Công an phường {ward_name}",
        Kind.POLICE_COMMITTEE,
        root,
        "ĐUCA",
    )
    for index, (kind, name) in enumerate(CELL_NAMES, start=1):
        suffix = f"cb{index:02d}"
        orgs[suffix], _ = _org(f"{prefix}-{suffix}", name, kind, root)
    return orgs


def _user(
    username,
    full_name,
    password_hash,
    clearance=User.Clearance.NONE,
    phone="",
    domain="phuong.example",
) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "email": f"{username}@{domain}",
            "password": password_hash,
            "clearance": clearance,
            "phone": phone,
        },
    )
    if phone and not user.phone:  # a database seeded before phones existed
        user.phone = phone
        user.save(update_fields=["phone"])
    return user


def _member(user, org, position, focal=False, government_post="", note="") -> None:
    membership = (
        Membership.objects.current()
        .filter(user=user, organization=org, position=position)
        .first()
    )
    if membership is None:
        # At most one focal point in office per organisation: never a second.
        focal = (
            focal
            and not Membership.objects.filter(
                organization=org, is_focal_point=True, end_date__isnull=True
            ).exists()
        )
        membership = services.start_membership(
            user=user,
            organization=org,
            position=position,
            is_focal_point=focal,
            start_date=DEMO_START,
            note=note,
            send_notification=False,
        )
    # Filled in once, never overwriting what an administrator wrote.
    changed = []
    for name, value in (("government_post", government_post), ("note", note)):
        if value and not getattr(membership, name):
            setattr(membership, name, value)
            changed.append(name)
    if changed:
        membership.save(update_fields=changed)


def _seed_people(orgs, specs, password_hash, domain="phuong.example") -> None:
    for spec in specs:
        user = _user(
            spec.username,
            spec.full_name,
            password_hash,
            spec.clearance,
            phone=spec.phone,
            domain=domain,
        )
        _member(
            user,
            orgs[spec.org_suffix],
            spec.position,
            spec.focal,
            government_post=spec.government_post,
            note=spec.note,
        )


@transaction.atomic
def seed_first_ward(password: str) -> list[tuple[DemoUser, str]]:
    password_hash = make_password(password)
    orgs = build_ward("hd", "Hải Dương")
    admin, _created = User.objects.get_or_create(
        username="quantri",
        defaults={
            "full_name": "Quản trị hệ thống",
            "email": "quantri@phuong.example",
            "password": password_hash,
            "is_staff": True,
            "is_superuser": True,
        },
    )
    accounts = [(DemoUser("quantri", admin.full_name, "", "", label="Quản trị"), "")]
    _seed_people(orgs, DEMO_USERS, password_hash)
    accounts += [(spec, "") for spec in DEMO_USERS]
    _term(orgs[""])
    _own_ward_regulation(orgs[""])
    return accounts


def _own_regulation(code: str, root: Organization, effective_date) -> None:
    """A regulation shipped as data belongs to its demo tree, so that tree's
    standing committee approves new versions; a shipped version with no
    effective date gets the one given (each set once, never overwritten)."""
    from regulations.models import Regulation

    for regulation in Regulation.objects.filter(code=code):
        changed = []
        if regulation.organization_id is None:
            regulation.organization = root
            changed.append("organization")
        date = effective_date(regulation)
        if regulation.loaded_from_data and not regulation.effective_date and date:
            regulation.effective_date = date
            changed.append("effective_date")
        if changed:
            regulation.save(update_fields=changed)


def _own_ward_regulation(root: Organization) -> None:
    """The ward regulation belongs to the demo ward; its decision leaves the day
    blank, so the demo's administrator sets the effective date."""
    _own_regulation(WARD_REGULATION_CODE, root, lambda r: WARD_EFFECTIVE_DATE)


# --- The province of the second regulation (Quyết định 810-QĐ/TU) -------------------

PROVINCE_REGULATION_CODE = "qc-tinh-810-2023"
PROVINCE_DOMAIN = "tinh.example"
PROVINCE_FOCAL_NOTE = (
    "Đầu mối chủ trì chỉ đạo, quán triệt, triển khai thực hiện Quy chế (Điều 8.1)"
)
# Province Điều 8.2: the police committee's support staff is this department.
PROVINCE_POLICE_STAFF_NOTE = (
    "Phòng Công tác đảng và công tác chính trị, Công an tỉnh (Điều 8.2)"
)

# key, kind, name, short name
PROVINCE_ORGS = [
    ("btv", Kind.STANDING_COMMITTEE, "Ban Thường vụ Tỉnh ủy", "BTV"),
    ("vp", Kind.OFFICE, "Văn phòng Tỉnh ủy", "VP"),
    ("ca", Kind.POLICE_COMMITTEE, "Đảng ủy Công an tỉnh", "ĐUCA"),
]
# key, kind, name; its bí thư and its phó bí thư (the focal point, province
# Điều 8.1: the phó bí thư who is chủ tịch UBND), each (full name, phone)
# fmt: off
DISTRICTS = [
    ("h01", Kind.DISTRICT_COMMITTEE, "Huyện ủy Lâm Sơn", ("Nguyễn Hữu Thắng", "0912 603 418"), ("Trần Thị Minh Nguyệt", "0986 214 537")),
    ("h02", Kind.DISTRICT_COMMITTEE, "Huyện ủy Hưng Phú", ("Lê Đình Khang", "0913 772 046"), ("Phạm Văn Lực", "0977 530 128")),
    ("h03", Kind.CITY_COMMITTEE, "Thành ủy Bình An", ("Hoàng Minh Châu", "0904 381 652"), ("Bùi Thị Phương", "0946 127 803")),
]
# fmt: on
UBND = {
    Kind.DISTRICT_COMMITTEE: "Chủ tịch UBND huyện",
    Kind.CITY_COMMITTEE: "Chủ tịch UBND thành phố",
}

# fmt: off
PROVINCE_USERS = [
    DemoUser("tinh_thuongtruc", "Lê Văn Quang", "btv", Pos.DEPUTY_SECRETARY, label="Thường trực / Ban Thường vụ Tỉnh ủy (Phó Bí thư Thường trực)", phone="0913 205 468"),
    DemoUser("tinh_btv_uyvien", "Nguyễn Thị Thu Hà", "btv", Pos.COMMITTEE_MEMBER, label="Ủy viên Ban Thường vụ Tỉnh ủy"),
    DemoUser("tinh_uyvien", "Phan Văn Tâm", "", Pos.COMMITTEE_MEMBER, label="Tỉnh ủy viên (Ban Chấp hành Đảng bộ tỉnh)"),
    DemoUser("tinh_vanphong", "Đặng Thị Hồng", "vp", Pos.STAFF, label="Cán bộ Văn phòng Tỉnh ủy (bộ phận giúp việc)"),
    DemoUser("tinh_congan", "Hồ Văn Dũng", "ca", Pos.SECRETARY, clearance=User.Clearance.SECRET, label="Bí thư Đảng ủy Công an tỉnh (được xem tài liệu Mật)", phone="0983 407 251", government_post="Giám đốc Công an tỉnh"),
    DemoUser("tinh_congan_pho", "Thái Minh Đức", "ca", Pos.DEPUTY_SECRETARY, focal=True, label="Phó Bí thư Đảng ủy Công an tỉnh, đầu mối", phone="0915 638 902", government_post="Phó Giám đốc Công an tỉnh", note=PROVINCE_FOCAL_NOTE),
    DemoUser("tinh_giupviec_ca", "Cao Thị Lý", "ca", Pos.STAFF, label="Cán bộ Phòng Công tác đảng và công tác chính trị (giúp việc)", note=PROVINCE_POLICE_STAFF_NOTE),
    DemoUser("tinh_giupviec_ca2", "Võ Văn Hải", "ca", Pos.STAFF, label="Cán bộ Phòng Công tác đảng và công tác chính trị (giúp việc)", note=PROVINCE_POLICE_STAFF_NOTE),
]
# fmt: on


def district_users() -> list[DemoUser]:
    """Each huyện ủy / thành ủy: its bí thư and its phó bí thư, the focal point
    who is chủ tịch UBND; the first also has staff of its party boards."""
    users = []
    for number, (key, kind, name, secretary, deputy) in enumerate(DISTRICTS, 1):
        prefix = f"huyen{number:02d}"
        users += [
            DemoUser(
                f"{prefix}_bithu",
                secretary[0],
                key,
                Pos.SECRETARY,
                label=f"Bí thư {name}",
                phone=secretary[1],
            ),
            DemoUser(
                f"{prefix}_phobithu",
                deputy[0],
                key,
                Pos.DEPUTY_SECRETARY,
                focal=True,
                label=f"Phó Bí thư {name}, {UBND[kind]}, đầu mối",
                phone=deputy[1],
                government_post=UBND[kind],
                note=PROVINCE_FOCAL_NOTE,
            ),
        ]
    users.append(
        DemoUser(
            "huyen01_giupviec",
            "Kiều Văn Toàn",
            "h01",
            Pos.STAFF,
            label=f"Cán bộ Ban Tổ chức {DISTRICTS[0][2]} (giúp việc)",
            note=f"Ban Tổ chức {DISTRICTS[0][2]} (Điều 8.2)",
        )
    )
    return users


def build_province(prefix: str = "tu") -> dict[str, Organization]:
    """The organisations of the province; keys as ``PROVINCE_ORGS``/``DISTRICTS``."""
    root, _ = _org(
        prefix,
        "Đảng bộ tỉnh",
        Kind.PROVINCE_COMMITTEE,
        None,
        "Tỉnh ủy",
        domain=PROVINCE_DOMAIN,
    )
    orgs = {"": root}
    children = list(PROVINCE_ORGS)
    children += [(key, kind, name, "") for key, kind, name, *_ in DISTRICTS]
    for key, kind, name, short_name in children:
        orgs[key], _ = _org(
            f"{prefix}-{key}", name, kind, root, short_name, domain=PROVINCE_DOMAIN
        )
    return orgs


@transaction.atomic
def seed_province(password: str) -> list[tuple[DemoUser, str]]:
    """The provincial deployment of the second regulation: the Tỉnh ủy with
    its Ban Thường vụ and office, the Đảng ủy Công an tỉnh with its leaders and
    support staff, three huyện ủy / thành ủy; terms 2025–2030; the regulation
    owned by the Tỉnh ủy."""
    password_hash = make_password(password)
    orgs = build_province()
    specs = PROVINCE_USERS + district_users()
    _seed_people(orgs, specs, password_hash, domain=PROVINCE_DOMAIN)
    for key in ["", *(row[0] for row in DISTRICTS)]:
        _term(orgs[key])
    # The decision takes effect on signing (its Điều 3): its own date.
    _own_regulation(PROVINCE_REGULATION_CODE, orgs[""], lambda r: r.decision_date)
    return [(spec, "") for spec in specs]


def seed_city(wards: int, password: str) -> int:
    """Wards 2..N of a city, each with its organisations and the secretaries of
    the committee, the police and every cell. Returns the number of wards built."""
    password_hash = make_password(password)
    built = 0
    for number in range(2, wards + 1):
        base = EXTRA_WARD_NAMES[(number - 2) % len(EXTRA_WARD_NAMES)]
        ward_name = f"{base} {number}"
        prefix = f"w{number:03d}"
        with transaction.atomic():
            orgs = build_ward(prefix, ward_name)
            for suffix, org in orgs.items():
                if suffix in ("", "vp"):
                    continue
                user = _user(
                    f"{prefix}_{suffix}_bithu",
                    f"Bí thư {org.name}",
                    password_hash,
                )
                _member(user, org, Pos.SECRETARY)
        built += 1
    return built
