"""Amounts in words, in Spanish and English, with currency names."""

from __future__ import annotations

import pytest

from lowcode.printing.helpers import amount_in_words


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "words"),
    [
        ("42.75", "EUR", "es", "Cuarenta y dos euros con setenta y cinco céntimos"),
        ("42.75", "EUR", "en", "Forty-two euro, seventy-five cents"),
        ("1.00", "USD", "en", "One dollar, zero cents"),
        ("21", "MXN", "es", "Veintiún pesos con cero centavos"),
        ("1000000", "EUR", "es", "Un millón de euros con cero céntimos"),
        ("2500000.10", "EUR", "es", "Dos millones quinientos mil euros con diez céntimos"),
        ("3000000", "USD", "es", "Tres millones de dólares con cero centavos"),
        ("1234.567", "EUR", "en", "One thousand, two hundred and thirty-four euro, fifty-seven cents"),
        ("0", "EUR", "es-MX", "Cero euros con cero céntimos"),
    ],
)
def test_amount_in_words(amount, currency, lang, words):
    assert amount_in_words(amount, currency, lang) == words
