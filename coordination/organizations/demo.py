"""Demo data: the ward of the first regulation (Đảng bộ phường Hải Dương) and,
for load tests, a city of many such wards. Idempotent: running it again
changes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User

from . import services
from .models import Membership, Organization

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


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    org_suffix: str  # "" root, "btv", "vp", "ca", "cb01"...
    position: str
    focal: bool = False
    clearance: int = User.Clearance.NONE
    label: str = ""


# One user for every role, in the first ward.
DEMO_USERS = [
    DemoUser(
        "thuongtruc",
        "Nguyễn Văn Thành",
        "btv",
        Pos.SECRETARY,
        label="Thường trực / Ban Thường vụ (Bí thư Đảng ủy phường)",
    ),
    DemoUser(
        "btv_uyvien",
        "Lê Thị Hạnh",
        "btv",
        Pos.COMMITTEE_MEMBER,
        label="Ủy viên Ban Thường vụ",
    ),
    DemoUser(
        "congan",
        "Trần Quốc Hùng",
        "ca",
        Pos.SECRETARY,
        clearance=User.Clearance.SECRET,
        label="Bí thư Đảng ủy Công an phường (được xem tài liệu Mật)",
    ),
    DemoUser(
        "congan_pho",
        "Đỗ Minh Tuấn",
        "ca",
        Pos.DEPUTY_SECRETARY,
        focal=True,
        label="Phó Bí thư Đảng ủy Công an phường, đầu mối",
    ),
    DemoUser(
        "bithu_cb01",
        "Phạm Thị Lan",
        "cb01",
        Pos.SECRETARY,
        label="Bí thư Chi bộ Khu dân cư Trần Hưng Đạo",
    ),
    DemoUser(
        "phobithu_cb01",
        "Vũ Đức Anh",
        "cb01",
        Pos.DEPUTY_SECRETARY,
        focal=True,
        label="Phó Bí thư Chi bộ Khu dân cư Trần Hưng Đạo, đầu mối",
    ),
    DemoUser(
        "bithu_cb02",
        "Hoàng Văn Nam",
        "cb02",
        Pos.SECRETARY,
        label="Bí thư Chi bộ Khu dân cư Quang Trung",
    ),
    DemoUser(
        "vanphong",
        "Ngô Thị Mai",
        "vp",
        Pos.STAFF,
        label="Cán bộ Văn phòng Đảng ủy (bộ phận giúp việc)",
    ),
    DemoUser(
        "dangvien_cb01",
        "Bùi Văn Khoa",
        "cb01",
        Pos.MEMBER,
        label="Đảng viên Chi bộ Trần Hưng Đạo (không có vai trò)",
    ),
]


def _org(code, name, kind, parent, short_name="") -> tuple[Organization, bool]:
    existing = Organization.objects.filter(code=code).first()
    if existing:
        return existing, False
    org = services.create_organization(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        email=f"{code}@phuong.example",
    )
    return org, True


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


def _user(username, full_name, password_hash, clearance=User.Clearance.NONE) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "email": f"{username}@phuong.example",
            "password": password_hash,
            "clearance": clearance,
        },
    )
    return user


def _member(user, org, position, focal=False) -> None:
    if (
        Membership.objects.current()
        .filter(user=user, organization=org, position=position)
        .exists()
    ):
        return
    services.start_membership(
        user=user,
        organization=org,
        position=position,
        is_focal_point=focal,
        start_date=DEMO_START,
        send_notification=False,
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
    for spec in DEMO_USERS:
        user = _user(spec.username, spec.full_name, password_hash, spec.clearance)
        _member(user, orgs[spec.org_suffix], spec.position, spec.focal)
        accounts.append((spec, ""))
    _own_ward_regulation(orgs[""])
    return accounts


def _own_ward_regulation(root: Organization) -> None:
    """The ward regulation shipped as data belongs to the demo ward, so its
    standing committee can approve new versions (set once, never overwritten)."""
    from regulations.models import Regulation

    for regulation in Regulation.objects.filter(
        code="qc-phuong-hai-duong", organization=None
    ):
        regulation.organization = root
        regulation.save()


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
