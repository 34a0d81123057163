"""Rule families, imported explicitly so the list is reviewable (like markdownlint's rules.mjs).

DK0xx meta (suppressions, parse problems)   DK1xx structure      DK2xx Marp directives
DK3xx code blocks                           DK4xx speaker notes  DK5xx images and SVG assets
DK6xx rendered layout (overflow)            DK7xx Japanese style DK8xx study content
"""
