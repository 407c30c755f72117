"""Records of the core model's parameters, one module per pathway.

The pathways with interventions keep their records beside their code
(``osteon/physiology/*/records.py``, listed in
:data:`osteon.parameters.default.RECORD_MODULES`); these are the records of the core
model those pathways act on. :mod:`osteon.parameters.default` joins them, in the order
of the modules below, into the default parameter set.
"""
