"""Column attributes the cadres' tables share."""

NAME_ATTRS = {"td": {"class": "col-name"}}
NOWRAP = {"td": {"class": "text-nowrap"}}
