"""Offering the redacted cloud path for hard requests (never sending without a yes and consent).

After a local answer (or before it, with the setting "ask_first"), `OfferPolicy.judge` decides
whether to offer the cloud: only when a cloud endpoint is configured, the user has not said
"never", the hardness estimate (agents/routing/hardness.py) says the request is beyond the local model,
and the request is not mostly private details (its sketch would be mostly placeholders, which
helps nobody). Accepting runs the cloud route through the privacy gateway as before: redaction,
the sketch, the consent dialog with the exact bytes, the ledger.
"""
from __future__ import annotations

from collections.abc import Sequence

from agents.events import CloudOffer
from agents.routing.hardness import Attempt, Embed, HardnessEstimator, private_share
from agents.privacy.detect import Detector
from agents.privacy.gateway import private_terms
from agents.platform.settings import Settings

MOSTLY_PRIVATE = 0.5   # share of the request's characters the detector would replace


class OfferPolicy:
    """One per orchestrator; the estimator embeds its exemplars on first use."""

    def __init__(self, settings: Settings, embed: Embed | None, library: object | None = None,
                 estimator: HardnessEstimator | None = None) -> None:
        self.settings = settings
        self.library = library
        self.estimator = estimator or (HardnessEstimator(embed) if embed is not None else None)

    @property
    def active(self) -> bool:
        """Offers are possible: an endpoint is configured and the user did not turn offers off."""
        return (self.estimator is not None and self.settings.cloud_offer != "never"
                and bool(self.settings.cloud_endpoint.strip()) and bool(self.settings.cloud_model.strip()))

    def _known_names(self) -> set[str]:
        """Names from the user's documents: a request naming them is a documents question."""
        if self.library is None or not hasattr(self.library, "entity_names"):
            return set()
        try:
            return set(self.library.entity_names())
        except Exception:  # noqa: BLE001 - a library fault only loses this signal
            return set()

    @property
    def ask_first(self) -> bool:
        return self.active and self.settings.cloud_offer == "ask_first"

    def judge(self, request: str, attempt: Attempt | None = None, passages: Sequence[object] = ()) -> CloudOffer | None:
        """An offer, a reasoned non-offer (hard but mostly private), or None (not hard / offers off)."""
        if not self.active:
            return None
        assert self.estimator is not None
        hardness = self.estimator.estimate(request, attempt, self._known_names())
        if not hardness.hard:
            return None
        detector = Detector(private_terms(passages, self.library))   # type: ignore[arg-type]
        share = private_share(request, detector.detect(request))
        if share > MOSTLY_PRIVATE:
            return CloudOffer(False, f"{hardness.reason} No cloud offer: {share:.0%} of this request is private "
                                     "details, so a redacted sketch would be mostly placeholders.", hardness.score,
                              before_local=attempt is None)
        return CloudOffer(True, hardness.reason, hardness.score, before_local=attempt is None)
