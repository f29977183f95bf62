"""PHQ-9 and GAD-7 wording in English, exactly as published (clinical-reference.md §4).

PHQ-9: Kroenke, Spitzer & Williams 2001; GAD-7: Spitzer et al. 2006. Both are free to reproduce
("No permission is required to reproduce, translate, display or distribute"); the attribution
line below must be shown with them. Other languages: screening.intake.scale_texts.
"""

STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"

ANSWERS = ("Not at all", "Several days", "More than half the days", "Nearly every day")

PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

PHQ9_FUNCTIONAL_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
PHQ9_FUNCTIONAL_CODES = ("not_difficult", "somewhat", "very", "extremely")
PHQ9_FUNCTIONAL_ANSWERS = (
    "Not difficult at all",
    "Somewhat difficult",
    "Very difficult",
    "Extremely difficult",
)

GAD7_ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
)

PHQ9_ATTRIBUTION = (
    "PHQ-9 developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
    "colleagues. No permission is required to reproduce, translate, display or distribute."
)
GAD7_ATTRIBUTION = (
    "GAD-7 developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
    "colleagues. No permission is required to reproduce, translate, display or distribute."
)
