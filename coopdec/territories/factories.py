import factory

from .enums import AuthorityKind, Level, OdaCategory, Zone
from .models import Authority, Country


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "FR"
    iso3 = factory.LazyAttribute(lambda o: {"FR": "FRA", "AM": "ARM", "MA": "MAR"}.get(o.code, o.code + "X"))
    name_fr = factory.LazyAttribute(lambda o: {"FR": "France", "AM": "Arménie", "MA": "Maroc"}.get(o.code, o.code))
    name_en = factory.LazyAttribute(lambda o: {"FR": "France", "AM": "Armenia", "MA": "Morocco"}.get(o.code, o.code))
    zone = Zone.EUROPE
    oda_category = OdaCategory.NOT_ELIGIBLE


class AuthorityFactory(factory.django.DjangoModelFactory):
    """A French commune by default; pass ``country`` and ``is_french=False`` for a foreign one."""

    class Meta:
        model = Authority
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST-{n}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    country = factory.SubFactory(CountryFactory)
    level = Level.LOCAL
    kind = AuthorityKind.COMMUNE
    is_french = factory.LazyAttribute(lambda o: o.country.code == "FR")


class ForeignCityFactory(AuthorityFactory):
    name = factory.Sequence(lambda n: f"Foreign city {n}")
    country = factory.SubFactory(CountryFactory, code="AM")
    kind = AuthorityKind.CITY
