"""One Enclave per user: a second launch asks the first to come to the front, then exits.

A QLocalServer listens on a per-user name; a new process first tries to connect
to it. A stale socket left by a crash is removed and the server started anew.
"""
from __future__ import annotations

import getpass
import hashlib
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

ACTIVATE = b"activate\n"


def server_name() -> str:
    """Per user and per data folder, so tests (and a second ENCLAVE_HOME) do not collide."""
    seed = f"{getpass.getuser()}:{os.environ.get('ENCLAVE_HOME', '')}"
    return "enclave-" + hashlib.sha256(seed.encode()).hexdigest()[:16]


def notify_running_instance(name: str | None = None, timeout_ms: int = 500) -> bool:
    """True when another instance answered (and was asked to show itself)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(ACTIVATE)
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class SingleInstance(QObject):
    activated = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)     # stale socket from a crashed run
        return self.server.listen(self.name)

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
            self.activated.emit()

    def close(self) -> None:
        self.server.close()
