module pyroql.dev/scripts/gen_unicode_names

go 1.21
