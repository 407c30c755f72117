"""The physiology of Osteon, one folder per pathway.

- :mod:`osteon.physiology.endocrine`: sex steroids, GH/IGF-1 and cortisol by sex and age.
- :mod:`osteon.physiology.remodeling`: bone cells, RANKL-RANK-OPG and TGF-beta coupling.
- :mod:`osteon.physiology.mechanics`: Frost's mechanostat and the daily stress stimulus.
- :mod:`osteon.physiology.mineral`: bone matrix volume and its mineralization.

Each subsystem is a set of pure functions of numpy arrays (one entry per
subject, and per site where relevant); :mod:`osteon.model` wires them.
"""
