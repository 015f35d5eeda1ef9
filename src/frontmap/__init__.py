"""frontmap: a situation-map dashboard of the war in Ukraine as it stood in November 2022."""
