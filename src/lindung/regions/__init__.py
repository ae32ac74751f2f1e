"""Region reference data: profiles of a kota or kabupaten, NIK and phone checks, synthetic people.

Pure Python (no Django): the data lives in YAML beside the code and is loaded with ``profile.load_profile``.
Modules, by concern:

- ``profile`` (``model``, ``schema``): kecamatan, kelurahan, UMK, agencies and BPJS branches of a region;
- ``workforce``: working population per kecamatan by sex and sector, the denominator of coverage;
- ``nik`` and ``nik_column``: the offline NIK structure check, one value or a whole column;
- ``phone``: Indonesian phone numbers to E.164;
- ``synthetic``: deterministic synthetic NIKs and names for demos and tests;
- ``build_profile`` and ``build_workforce``: the scripts that generate the data files.
"""
