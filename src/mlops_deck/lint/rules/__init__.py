"""Rule families, imported explicitly so the list is reviewable (like markdownlint's rules.mjs).

DK0xx meta (suppressions, parse problems)   DK1xx structure      DK2xx Marp directives
DK3xx code blocks                           DK4xx speaker notes  DK5xx images and SVG assets
DK6xx rendered layout (overflow)            DK7xx Japanese style DK8xx study content
"""
from . import meta  # noqa: F401  DK0xx
from . import structure, markup  # noqa: F401  DK101-105, DK111 structure, DK106-110
from . import directives, directive_comments  # noqa: F401  DK201-205, DK206-209
from . import code, code_height, code_secrets  # noqa: F401  DK301-305, DK306-307
from . import notes  # noqa: F401  DK401-404 speaker notes
from . import images  # noqa: F401  DK501-503 image references
from . import svg_security  # noqa: F401  DK510-514 SVG parsing and security
from . import svg_geometry  # noqa: F401  DK515-517 SVG viewBox, size, fit on slide
from . import svg_text  # noqa: F401  DK520-523 SVG fonts, tofu, text fit, text size
from . import svg_render  # noqa: F401  DK525-527 SVG renders, not blank, contrast
from . import svg_a11y  # noqa: F401  DK530 SVG text alternative
from . import svg_hygiene  # noqa: F401  DK535-537 SVG size, rasters, editor data
from . import svg_naming  # noqa: F401  DK540-541 SVG file names, unused assets
from . import layout  # noqa: F401  DK601-602 rendered overflow (needs measurements)
from . import japanese_sentences  # noqa: F401  DK701, DK703, DK706 sentences
from . import japanese_chars  # noqa: F401  DK713-717, DK724-725 characters
from . import japanese_marks  # noqa: F401  DK716, DK722-723, DK731 marks and spacing
from . import terms  # noqa: F401  DK741 prh terminology
from . import study_consistency  # noqa: F401  DK807, DK812 numbers about subjects
from . import study  # noqa: F401  DK810-811 agenda and self-claims
from . import study_coverage  # noqa: F401  DK813 exam points in notes
