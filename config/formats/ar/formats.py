"""Arabic number formats: Django's own (``django/conf/locale/ar``) plus grouping by thousands.

Django's Arabic locale sets the separators (decimal ",", thousands ".") but no grouping, so amounts read
"80000,00 €"; the Maghreb's Arabic (CLDR ar-MA, ar-TN, ar-DZ: Latin digits) writes "80.000,00 €".
"""

from django.conf.locale.ar.formats import *  # type: ignore[import-untyped]  # noqa: F403 (the rest of Django's Arabic formats)

NUMBER_GROUPING = 3
