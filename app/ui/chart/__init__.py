"""The patient chart: a controller holding one patient's snapshot, and one section widget
per part of the record (summary, timeline, notes, problems, observations, documents...).

Sections lay out and call the controller; the controller calls core, which checks every
permission and writes every audit entry. Sections are built when first shown, so opening
a chart reads only what the first section needs (and QtCharts loads only for trends).
"""
