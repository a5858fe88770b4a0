"""The NatSIP pro-forma "Applications of Outcomes Benchmarking Data", as data.

Numbering and item labels are the form's own (they *are* the form); the
screen, the project file and the exporters all read this one definition.
Answers are keyed by item number and, in Section 1, by impairment.
"""

from typing import NamedTuple

TITLE = "Applications of Outcomes Benchmarking Data"


class Item(NamedTuple):
    number: str  # "1", "4.5"
    label: str  # "" for the free rows 5.1-5.4
    specify: bool = False  # takes "please specify" text (the Other items and free rows)
    footnote: bool = False  # the asterisked items of Section 1

    @property
    def free(self) -> bool:
        """A free row: the label is whatever the user writes."""
        return not self.label


class Category(NamedTuple):
    number: str
    title: str
    items: tuple[Item, ...]


class Section(NamedTuple):
    key: str  # table name in the file: checklist.<key>
    number: int
    title: str
    question: str  # the heading of the item column
    columns: tuple[tuple[str, str], ...]  # (answer key, heading)
    categories: tuple[Category, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for c in self.categories for i in c.items)


OTHER = "Other (please specify)"

ANALYSES = Section(
    key="analyses",
    number=1,
    title="Analyses undertaken of outcomes benchmarking data",
    question="Analyses/data comparisons undertaken by Sensory Support Services/LAs",
    columns=(("hi", "HI"), ("vi", "VI"), ("msi", "MSI")),
    categories=(
        Category("", "", (
            Item("1", "LA HI/VI/MSI outcomes against the national HI/VI/MSI benchmarking data set"),
            Item("2", "LA HI/VI/MSI outcomes against data sets for other pupils/SEN groups within the LA"),
            Item("3", "LA HI/VI/MSI outcomes against those of participant LAs within the national data set*",
                 footnote=True),
            Item("4", "LA HI/VI/MSI outcomes against those of participant statistical neighbours*",
                 footnote=True),
            Item("5", "LA HI/VI/MSI outcomes against those of participant LAs the within the region*",
                 footnote=True),
            Item("6", "LA HI/VI/MSI outcomes year on year/trend data"),
            Item("7", OTHER, specify=True),
        )),
    ),
)

FOOTNOTE = (
    "*N.B. This will apply to LAs within the benchmarking participants' group that have "
    "indicated that they willing to be identified/contacted."
)

APPLICATIONS = Section(
    key="applications",
    number=2,
    title="Applications of outcomes benchmarking data",
    question="Specific applications of outcomes benchmarking data",
    columns=(
        ("purpose", "Has the data been used for this purpose?"),
        ("plans", "Has the data been used to inform Service Development Plans?"),
    ),
    categories=(
        Category("1", "Data management", (
            Item("1.1", "Developing data management systems within service/LA"),
            Item("1.2", "Establishing or improving systems for tracking and monitoring pupil progress"),
            Item("1.3", OTHER, specify=True),
        )),
        Category("2", "Service reporting", (
            Item("2.1", "Service reporting within the LA/ discussion with the Director and/or managers"),
            Item("2.2", "Service reporting to stakeholders, including C&YP, parents, schools and "
                        "governing body (e.g. if a virtual school)"),
            Item("2.3", "Service reporting to Ofsted"),
            Item("2.4", "Service reporting to Health and Wellbeing Boards/Local Joint Strategic Needs "
                        "Assessments"),
            Item("2.5", "Service reporting to consultants"),
            Item("2.6", "Service and/or LA publications"),
            Item("2.7", "Service reporting regionally"),
            Item("2.8", OTHER, specify=True),
        )),
        Category("3", "Continuing professional development", (
            Item("3.1", "Service discussion and reflection"),
            Item("3.2", "Service INSET"),
            Item("3.3", OTHER, specify=True),
        )),
        Category("4", "Quality assurance", (
            Item("4.1", "Contributing to the review/evaluation of Service/SI provision"),
            Item("4.2", "Mapping the use of the data against the Quality Standards for Support and "
                        "Outreach Services (DCSF 2008)"),
            Item("4.3", "Mapping the use of the data against the NDCS Quality Standards for HI Support "
                        "Services (2009)"),
            Item("4.4", "Mapping the use of the data against the NDCS Quality Standards for HI Resource "
                        "provisions (2011)"),
            Item("4.5", "Mapping the use of the data against the VI Chartermark"),
            Item("4.6", "Performance management with staff"),
            Item("4.7", OTHER, specify=True),
        )),
        Category("5", "Any other applications outside the above classification (please specify)", (
            Item("5.1", "", specify=True),
            Item("5.2", "", specify=True),
            Item("5.3", "", specify=True),
            Item("5.4", "", specify=True),
        )),
    ),
)

SECTIONS: tuple[Section, ...] = (ANALYSES, APPLICATIONS)
SECTION_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}

APPENDIX_TITLE = "Appendix: case studies"

YES, NO = "yes", "no"  # how answers are written in the file; unanswered is not written


def item(section_key: str, number: str) -> Item | None:
    for i in SECTION_BY_KEY[section_key].items:
        if i.number == number:
            return i
    return None
