"""Rural labour, pure: the road graph, the labour shed, records, dashboard, workshops, numbers.

The labour shed (labour reachable within minutes of a site) is :mod:`.graph`, :mod:`.shed` and
:mod:`.speeds`; quarterly employment records :mod:`.records`; the dashboard's figures
:mod:`.dashboard`; 帮扶车间 designation :mod:`.workshop`; job seekers' numbers :mod:`.personal`.
Import from the modules: the graph brings scipy, which the other modules do not need.
"""
