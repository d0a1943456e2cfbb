# fit the Heston Model to the smile
# never write BS Model in a docstring
x = heston_mo
