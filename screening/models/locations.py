"""The clinic's records. Clinical rules live in screening.criteria, not here."""

from django.db import models


class Location(models.Model):
    """A clinic site patients can choose; edited by the clinic in the admin."""

    name = models.CharField(max_length=100)
    town = models.CharField(max_length=100)
    address = models.TextField(
        blank=True, help_text="Street address as it should appear on the site."
    )
    phone = models.CharField(max_length=30, blank=True)
    offers_ketamine = models.BooleanField("offers IV ketamine", default=True)
    offers_spravato = models.BooleanField("offers Spravato", default=True)
    offers_tms = models.BooleanField("offers TMS", default=True)
    active = models.BooleanField(
        default=True, help_text="Inactive locations are hidden from patients."
    )
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="location_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def services(self) -> list[str]:
        """Names of the treatments offered here, in the order the site lists treatments."""
        offered = [
            (self.offers_ketamine, "IV ketamine"),
            (self.offers_spravato, "Spravato"),
            (self.offers_tms, "TMS"),
        ]
        return [name for is_offered, name in offered if is_offered]
