"""Models through the front door: the catalog with its fit, download, switch, remove, and the network list.

Why here: `enclave models …` and Settings → Model do the same steps in the same order (check the licence,
fetch the repository's checksum, transfer, verify, let the engine run the file once, only then offer
it), so the order is written once. Downloads start only from these calls, that is when the user asks.
"""
from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from agents.api.types import ModelFacts
from agents.models.activity import NetworkRecord
from agents.models.download import DownloadProgress
from agents.models.listing import EMBEDDED, ModelRow
from rag.errors import UserError

if TYPE_CHECKING:
    from agents.core import Core
    from agents.models.fit import Machine
    from agents.platform.cancel import CancelToken


@dataclass(frozen=True)
class ModelCatalog:
    rows: tuple[ModelRow, ...]
    machine: Machine
    problems: tuple[str, ...]      # what was wrong in the user's own catalog file

    def find(self, name: str) -> ModelRow | None:
        wanted = name.strip().lower()
        return next((r for r in self.rows if r.name.lower() == wanted), None)


def _free_disk(folder: Path) -> int:
    """The free-space probe the download checks (one name, so a test can make the disk look full)."""
    from agents.models.fit import free_disk

    return free_disk(folder)


class ModelManagement:
    core: Core

    def model_catalog(self, *, measure: bool = True) -> ModelCatalog:
        """Every model (active, downloaded, catalog) with its fit here; `measure` may time the embedded model once."""
        from agents.engine.model_source import embedded_model_path
        from agents.models.catalog import load_catalog
        from agents.models.fit import this_machine
        from agents.models.installed import models_dir
        from agents.models.listing import model_rows
        from agents.models.speed import reference

        home = self.core.paths.home
        embedded = embedded_model_path()
        ref = reference(home, embedded, allow_measure=measure)
        machine = this_machine(models_dir(home), ref.tokens_per_s, ref.model_bytes, ref.measured)
        catalog = load_catalog(home)
        rows = model_rows(home, catalog, machine, self.core.model_choice().path, embedded)
        return ModelCatalog(tuple(rows), machine, catalog.problems)

    def download_model(self, name: str, *, cancel: CancelToken | None = None,
                       accept_licence: bool = False) -> Iterator[DownloadProgress]:
        """Fetch a catalog model: checksum from the repository, transfer (resumable), verify, one engine run.

        Yields progress; the last event's stage is "done". The model does not become the active one
        (`use_model` does that), so a failed or partial download never does.
        """
        from agents.models.activity import STARTED, now_iso, record_download
        from agents.models.catalog import load_catalog
        from agents.models.download import transfer
        from agents.models.hub import DownloadError, endpoint, remote_file
        from agents.models.installed import models_dir

        home = self.core.paths.home
        entry = load_catalog(home).find(name)
        if entry is None:
            raise UserError(f"no model named '{name}' in the catalog; see `enclave models catalog`")
        if entry.accept_terms and not accept_licence:
            raise UserError(f"{entry.display_name} is under the {entry.licence}: read it on {entry.page} and accept "
                            "it to download (`enclave models get NAME --accept-licence`, or confirm in Settings)")
        final = models_dir(home) / entry.file
        if final.exists():
            yield DownloadProgress(name, "done", final.stat().st_size, final.stat().st_size, path=str(final))
            return
        started, when, hosts = time.monotonic(), now_iso(), [urlsplit(endpoint()).hostname or ""]
        result, received, size, resumed, record_id = "ok", 0, entry.size_bytes, 0, uuid.uuid4().hex
        what = f"{entry.repo}/{entry.file}"
        record_download(home, NetworkRecord(when, "model download", hosts[0], what, 0, 0.0, STARTED, record_id))
        try:
            yield DownloadProgress(name, "metadata")
            remote = remote_file(entry.repo, entry.file)
            size = remote.size
            for event in transfer(name, remote, models_dir(home), cancel, _free_disk, hosts):
                received, resumed = event.done_bytes, event.resumed_from or resumed
                yield event
            yield DownloadProgress(name, "checking", size, size, path=str(final))
            self._run_once(final)
            yield DownloadProgress(name, "done", size, size, path=str(final))
        except DownloadError as exc:
            result = exc.outcome
            raise
        except BaseException as exc:
            result = "failed" if isinstance(exc, Exception) else "interrupted"
            raise
        finally:
            record_download(home, NetworkRecord(when, "model download", ", ".join(dict.fromkeys(hosts)), what,
                                                max(received - resumed, 0), round(time.monotonic() - started, 1),
                                                result, record_id))

    def _run_once(self, path: Path) -> None:
        """The engine's self-check on the new file, in its own process; it stays unused if this fails."""
        from agents.engine.client import EngineModel
        from agents.engine.runtime import ModelConfig
        from agents.models.hub import DownloadError

        model = EngineModel(ModelConfig(path=path, context_size=512), check_file=self.core.paths.home /
                            "engine-checks.json")
        try:
            model.load()
        except UserError as exc:
            raise DownloadError("self-check failed", f"{path.name} was downloaded and verified, but the engine "
                                                     f"could not run it ({exc}); it is not used") from None
        finally:
            model.close()

    def use_model(self, name_or_path: str) -> ModelFacts:
        """Make a downloaded model, the embedded one ("embedded") or a GGUF file the active model, checked first."""
        from agents.api.configuration import read_model_facts
        from agents.models.installed import check_model_file

        row = self.model_catalog(measure=False).find(name_or_path)
        if row is not None and not row.downloaded:
            raise UserError(f"{row.display_name} is not downloaded yet: `enclave models get {row.name}` "
                            "(or Download in Settings → Model)")
        path = Path(row.path) if row is not None else Path(name_or_path).expanduser()
        if row is None and not path.exists():
            raise UserError(f"'{name_or_path}' is neither a model in `enclave models catalog` nor a GGUF file")
        check_model_file(path)
        setting = "" if row is not None and row.kind == EMBEDDED else str(path.resolve())
        self.core.save_settings(_with_model(self.core.settings, setting))
        self.core.reload_model()
        return read_model_facts(path, origin="settings" if setting else "embedded",
                                context_in_use=self.core.settings.context_size)

    def load_active_model(self) -> None:
        """Load the model now (after a switch, so the next question does not wait for it)."""
        self.core.model().load()

    def check_model_file(self, path: str | Path) -> ModelFacts:
        """What a GGUF file is, or a UserError saying why Enclave cannot run it (import: before switching)."""
        from agents.api.configuration import read_model_facts
        from agents.models.installed import check_model_file

        check_model_file(path)
        return read_model_facts(path)

    def remove_model(self, name: str) -> list[Path]:
        """Delete a downloaded model (and any partial download of it); never the active one."""
        from agents.models.catalog import load_catalog
        from agents.models.installed import remove_download

        row = self.model_catalog(measure=False).find(name)
        entry = load_catalog(self.core.paths.home).find(name)
        if row is not None and row.active:
            raise UserError(f"{row.display_name} is the active model; switch first (`enclave models use embedded`)")
        if row is None or row.kind not in ("catalog", "downloaded file"):
            raise UserError(f"'{name}' is not a downloaded model; see `enclave models catalog`")
        removed = remove_download(self.core.paths.home, entry.file if entry else Path(row.path).name)
        if not removed:
            raise UserError(f"{row.display_name} is not downloaded; nothing to remove")
        return removed

    def network_activity(self) -> list[NetworkRecord]:
        """Every connection Enclave made: model downloads and cloud requests, oldest first."""
        from agents.models.activity import all_activity
        from agents.privacy.ledger import Ledger

        return all_activity(self.core.paths.home, Ledger(self.core.paths.ledger_file).entries())


def _with_model(settings: object, model_path: str) -> object:
    import dataclasses

    return dataclasses.replace(settings, model_path=model_path, inference_server_url="")  # type: ignore[type-var]
