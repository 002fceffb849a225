#!/usr/bin/env python3
"""Regenerates Tests/HelioEnergyTests/Vectors/solar-elevation.json: reference solar elevations computed with
an algorithm that is NOT the one HelioEnergy implements, so the Swift test is a real cross-check.

HelioEnergy's SolarPosition follows NOAA's solar calculator (Meeus, "Astronomical Algorithms"). This script
uses the Astronomical Almanac's low-precision algorithm as published by Michalsky (Solar Energy 40(3), 1988,
"The Astronomical Almanac's algorithm for approximate solar position (1950-2050)", stated accuracy 0.01 deg):
mean longitude and anomaly linear in days since J2000.0, a two-term equation of centre, right ascension and
declination, and the hour angle from Greenwich mean sidereal time. Refraction comes from Saemundsson's formula
(Sky & Telescope 72, 1986; Meeus eq. 16.4), while NOAA uses its own piecewise fit, so that part is
independent too.

Standard library only; deterministic (same output on every run).
Run: python3 Scripts/vectors/gen_solar_vectors.py            # rewrites the JSON file
     python3 Scripts/vectors/gen_solar_vectors.py --stdout   # prints it instead
"""
import calendar
import json
import math
import pathlib
import sys

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/HelioEnergyTests/Vectors/solar-elevation.json"

# Below this true elevation Saemundsson's formula is outside its range and the two refraction models part ways
# (NOAA keeps a small made-up correction below the horizon); such cases carry only the true elevation.
APPARENT_FLOOR_DEG = -0.5


def day_number(unix_time):
    """Days (with fraction) since J2000.0 = 2000-01-01 12:00 UTC (the TT/UTC difference is ignored)."""
    return (unix_time - 946_728_000) / 86_400.0


def true_elevation(lat_deg, lon_deg, unix_time):
    """Michalsky 1988 / Astronomical Almanac: geometric elevation of the sun's centre, degrees."""
    n = day_number(unix_time)
    mean_longitude = (280.460 + 0.9856474 * n) % 360.0
    mean_anomaly = math.radians((357.528 + 0.9856003 * n) % 360.0)
    ecliptic_longitude = math.radians(
        (mean_longitude + 1.915 * math.sin(mean_anomaly) + 0.020 * math.sin(2 * mean_anomaly)) % 360.0
    )
    obliquity = math.radians(23.439 - 0.0000004 * n)
    right_ascension = math.atan2(
        math.cos(obliquity) * math.sin(ecliptic_longitude), math.cos(ecliptic_longitude)
    )
    declination = math.asin(math.sin(obliquity) * math.sin(ecliptic_longitude))
    utc_hours = (unix_time % 86_400) / 3600.0
    gmst_hours = (6.697375 + 0.0657098242 * n + utc_hours) % 24.0
    lmst_deg = ((gmst_hours + lon_deg / 15.0) % 24.0) * 15.0
    hour_angle = (lmst_deg - math.degrees(right_ascension)) % 360.0
    if hour_angle > 180.0:
        hour_angle -= 360.0
    lat = math.radians(lat_deg)
    sin_el = math.sin(declination) * math.sin(lat) + math.cos(declination) * math.cos(lat) * math.cos(
        math.radians(hour_angle)
    )
    return math.degrees(math.asin(max(-1.0, min(1.0, sin_el))))


def saemundsson_refraction(h):
    """Refraction in degrees for a true elevation h (degrees), 10 degC and 1010 hPa."""
    return 1.02 / math.tan(math.radians(h + 10.3 / (h + 5.11))) / 60.0


# (name, latitude, longitude) in degrees; west and south are negative. Chosen to cover both hemispheres, the
# tropics, the polar circles, both sides of the antimeridian and the prime meridian.
PLACES = [
    ("Quito", -0.180653, -78.467834),
    ("Equator, Gulf of Guinea", 0.0, 0.0),
    ("Singapore", 1.352083, 103.819836),
    ("Honolulu", 21.306944, -157.858333),
    ("Madrid", 40.416775, -3.703790),
    ("Denver", 39.739236, -104.990251),
    ("Tokyo", 35.676192, 139.650311),
    ("Copenhagen", 55.676098, 12.568337),
    ("Tromso", 69.649208, 18.955324),
    ("Longyearbyen", 78.223172, 15.626723),
    ("Sydney", -33.868820, 151.209296),
    ("Cape Town", -33.924869, 18.424055),
    ("Auckland", -36.848460, 174.763332),
    ("Apia, Samoa", -13.833333, -171.766667),
    ("Ushuaia", -54.801912, -68.302951),
    ("McMurdo Station", -77.846323, 166.668235),
]

# Dates spread over the seasons and the years the registry cares about.
DATES = [(2024, 3, 20), (2024, 6, 21), (2025, 9, 23), (2025, 12, 21), (2026, 2, 5), (2027, 5, 10)]

# Offsets from approximate local mean noon, hours: noon, morning, late afternoon, midnight.
OFFSETS_HOURS = [0.0, -3.5, 4.75, 12.0]


# Near-horizon cases: where refraction is largest and the two refraction models differ most. For each place
# and date, the morning instant (whole seconds) at which the true elevation crosses each target.
HORIZON_PLACES = ["Madrid", "Copenhagen", "Sydney", "Honolulu"]
HORIZON_TARGETS_DEG = [-0.4, 0.0, 0.5, 1.0, 3.0]


def rising_crossing(lat, lon, start, end, target):
    """Bisection for the instant in [start, end] where the elevation rises through target."""
    lo, hi = start, end
    assert true_elevation(lat, lon, lo) < target < true_elevation(lat, lon, hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if true_elevation(lat, lon, mid) < target:
            lo = mid
        else:
            hi = mid
    return hi


def make_case(name, lat_e6, lon_e6, t):
    h = true_elevation(lat_e6 / 1e6, lon_e6 / 1e6, t)
    return {
        "name": name,
        "latitudeE6": lat_e6,
        "longitudeE6": lon_e6,
        "unixTime": t,
        "trueElevationDeg": round(h, 4),
        "apparentElevationDeg": round(h + saemundsson_refraction(h), 4) if h >= APPARENT_FLOOR_DEG else None,
    }


def cases():
    out = []
    for i, (name, lat, lon) in enumerate(PLACES):
        for j, (year, month, day) in enumerate(DATES):
            midnight = calendar.timegm((year, month, day, 0, 0, 0))
            mean_noon = midnight + round((12.0 - lon / 15.0) * 3600.0 / 60.0) * 60
            for k in (0, 1 + (i + j) % 3):
                t = mean_noon + round(OFFSETS_HOURS[k] * 3600.0)
                label = ["noon", "morning", "afternoon", "midnight"][k]
                case_name = f"{name} {year:04d}-{month:02d}-{day:02d} {label}"
                out.append(make_case(case_name, round(lat * 1_000_000), round(lon * 1_000_000), t))
    for name, lat, lon in (p for p in PLACES if p[0] in HORIZON_PLACES):
        lat_e6, lon_e6 = round(lat * 1_000_000), round(lon * 1_000_000)
        for year, month, day in DATES[:2]:
            mean_noon = calendar.timegm((year, month, day, 0, 0, 0)) + round((12.0 - lon / 15.0) * 3600.0)
            for target in HORIZON_TARGETS_DEG:
                t = rising_crossing(lat_e6 / 1e6, lon_e6 / 1e6, mean_noon - 10 * 3600, mean_noon, target)
                case_name = f"{name} {year:04d}-{month:02d}-{day:02d} sunrise, true elevation {target:+.1f}"
                out.append(make_case(case_name, lat_e6, lon_e6, t))
    return out


def main():
    doc = {
        "description": "Solar elevation reference values: Michalsky 1988 (Astronomical Almanac) true elevation, "
        "plus Saemundsson refraction for the apparent elevation (null below -0.5 deg true elevation). "
        "Generated by Scripts/vectors/gen_solar_vectors.py; see README.md.",
        "algorithm": "michalsky-1988+saemundsson",
        "cases": cases(),
    }
    text = json.dumps(doc, indent=2) + "\n"
    if "--stdout" in sys.argv:
        sys.stdout.write(text)
    else:
        OUT.write_text(text)
        print(f"wrote {len(doc['cases'])} cases to {OUT}")


if __name__ == "__main__":
    main()
