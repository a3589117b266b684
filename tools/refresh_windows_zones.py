"""Refresh the Windows → IANA time zone table the invitation reader keeps (`windows_zones.json`).

Outlook and Exchange name zones the Windows way ("Eastern Standard Time"); the service stores IANA names
("America/New_York"). Unicode's CLDR keeps the mapping in `common/supplemental/windowsZones.xml`; for each
Windows zone its `territory="001"` entry is the zone to use when nothing else is known.

    python tools/refresh_windows_zones.py path/to/windowsZones.xml [--commit SHA] [--date YYYY-MM-DD]

Download the file from the CLDR repository (github.com/unicode-org/cldr, path above; note the commit), run
this, review the diff of the JSON file and run the invitation tests. Every target must be a zone `tzdata` knows.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import xml.etree.ElementTree as ET
import zoneinfo

TARGET = (
    pathlib.Path(__file__).resolve().parent.parent / "layers/interview_prep/interview_prep/domain/windows_zones.json"
)


def mapping(xml_text: str) -> dict[str, str]:
    """Windows zone name -> IANA zone, from the `territory="001"` entries of windowsZones.xml."""
    root = ET.fromstring(xml_text)  # noqa: S314 - see above
    table = {
        zone.attrib["other"]: zone.attrib["type"].split()[0]
        for zone in root.iter("mapZone")
        if zone.attrib.get("territory") == "001"
    }
    unknown = sorted(v for v in table.values() if v not in zoneinfo.available_timezones())
    if unknown:
        raise SystemExit(f"tzdata does not know {unknown}: update tzdata first")
    return dict(sorted(table.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", type=pathlib.Path)
    parser.add_argument("--commit", required=True, help="the CLDR commit the file was taken from")
    parser.add_argument("--date", required=True, help="that commit's date, YYYY-MM-DD")
    args = parser.parse_args()
    document = {
        "source": "https://github.com/unicode-org/cldr/blob/"
        f"{args.commit}/common/supplemental/windowsZones.xml (territory 001 entries)",
        "date": args.date,
        "zones": mapping(args.xml.read_text(encoding="utf-8")),
    }
    TARGET.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(document['zones'])} Windows zones")


if __name__ == "__main__":
    main()
