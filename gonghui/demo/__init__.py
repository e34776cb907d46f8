"""Demo data: a fictitious district federation with three grassroots unions (``gonghui demo``), and large
generated federations for benchmarks (``gonghui demo --members N --unions M``)."""
