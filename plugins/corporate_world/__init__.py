"""The shared model of the corporate world: taxonomy, people, article profiles.

Plugins import this package; they never import each other. The `taxonomy`
plugin builds one :class:`CorporateWorld` per run and puts it into Pelican's
context under ``corporate_world``; every other plugin reads it from there.
"""

from corporate_world.absolute import absolute_content, absolutize
from corporate_world.errors import ContentError, ErrorReport, error_report
from corporate_world.hubs import CallToAction, FormatGroup, Hub, StageSection
from corporate_world.images import (
    LeadImage,
    file_hash,
    know_hashes,
    known_hashes,
    link_or_copy,
    measure_image,
    upright_size,
)
from corporate_world.people import Author, load_authors
from corporate_world.profile import ArticleProfile, split_list
from corporate_world.taxonomy import Facet, Taxonomy, Term, load_taxonomy
from corporate_world.world import CorporateWorld, every_article, world_of

__all__ = [
    "CallToAction",
    "FormatGroup",
    "Hub",
    "StageSection",
    "absolute_content",
    "absolutize",
    "ArticleProfile",
    "Author",
    "ContentError",
    "CorporateWorld",
    "ErrorReport",
    "Facet",
    "LeadImage",
    "Taxonomy",
    "Term",
    "error_report",
    "file_hash",
    "know_hashes",
    "known_hashes",
    "link_or_copy",
    "upright_size",
    "every_article",
    "load_authors",
    "load_taxonomy",
    "measure_image",
    "split_list",
    "world_of",
]
