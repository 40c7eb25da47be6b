"""Where the portal may post a push: one reading of a subscription's endpoint, one policy,
and a connection that checks the address it really connects to.

A browser chooses its push endpoint, so the endpoint is what a visitor says it is. It is
read once, by one parser (urllib3's, the one the HTTP client uses), strictly: nothing a
parser could read two ways (a backslash, a user name, spaces, a fragment, non-ASCII) is
accepted, and the parts are passed on as an ``Endpoint``, whose ``url`` is rebuilt from
them. The policy: ``https`` on port 443 to one of the push services in
``PUSH_SERVICE_HOSTS`` (the host or a subdomain of it). When ``PORTAL_ENV`` is test or
development, an IP address listed there (a push service on this machine) may also be
reached over ``http`` and on any port; production refuses such a listing at start-up.

At connection time ``PushSession`` resolves the host itself and refuses loopback, private,
link-local, shared, multicast and reserved addresses (all but public ones), unless the
address is one of the listed ones above, then connects to the address it checked: a name
that resolves somewhere else (DNS rebinding) is caught where it matters. It never follows
a redirect and never goes through a proxy from the environment.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    LocationParseError,
    NameResolutionError,
    NewConnectionError,
)
from urllib3.util import connection, parse_url

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_LENGTH = 1000
# Printable ASCII without space, backslash, quotes, angle brackets, braces, "|", "^", "`".
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_NAME = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}")
# Where test and development may run a push service of their own.
LOCAL_ENVS = frozenset({"test", "development"})


class EndpointError(ValueError):
    """The endpoint is not one the portal posts to; the message says why (for the log)."""


class ForbiddenAddressError(Exception):
    """The push service's name resolved to an address the portal does not connect to.

    Not an OSError on purpose: neither urllib3 nor requests turns it into a network error
    to try again; it reaches the caller as it is."""


@dataclass(frozen=True)
class Endpoint:
    """A push endpoint, read once: every later use takes these parts."""

    scheme: str
    host: str  # lower case; an IPv6 address without brackets
    port: int
    target: str  # the path and query, as sent

    @property
    def address(self) -> IPAddress | None:
        """The host as an IP address, or None for a name."""
        return ip_of(self.host)

    @property
    def origin(self) -> str:
        """scheme://host[:port], the port only when it is not the scheme's own."""
        host = f"[{self.host}]" if isinstance(self.address, ipaddress.IPv6Address) else self.host
        default = {"https": 443, "http": 80}[self.scheme]
        return f"{self.scheme}://{host}" + ("" if self.port == default else f":{self.port}")

    @property
    def url(self) -> str:
        return self.origin + self.target


def ip_of(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def parse(raw: Any) -> Endpoint:
    """Read an endpoint; EndpointError if it is not a plain absolute http(s) URL."""
    if not isinstance(raw, str) or not 0 < len(raw) <= MAX_LENGTH:
        raise EndpointError("not a string of a sensible length")
    if not _URL_CHARS.fullmatch(raw):
        raise EndpointError("characters a URL parser could read two ways")
    try:
        url = parse_url(raw)
    except LocationParseError:
        raise EndpointError("not a URL") from None
    if url.scheme not in {"https", "http"}:
        raise EndpointError("not http(s)")
    if url.auth is not None:
        raise EndpointError("a user name or password in the URL")
    if url.fragment is not None:
        raise EndpointError("a fragment in the URL")
    host = (url.host or "").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not (_NAME.fullmatch(host) or ip_of(host) is not None):
        raise EndpointError("no host, or a host that is neither a name nor an IP address")
    port = url.port or {"https": 443, "http": 80}[url.scheme]
    target = (url.path or "/") + ("" if url.query is None else f"?{url.query}")
    return Endpoint(scheme=url.scheme, host=host, port=port, target=target)


@dataclass(frozen=True)
class Policy:
    """Where pushes may go: the push services' names, and (in test and development only)
    addresses of push services on this machine, listed as IP addresses."""

    hosts: tuple[str, ...]
    local: frozenset[IPAddress]

    def check(self, endpoint: Endpoint) -> Endpoint:
        """The endpoint if pushes may go there; EndpointError otherwise."""
        address = endpoint.address
        if address is not None:
            if address in self.local:
                return endpoint
            raise EndpointError("an IP address that is not a listed local push service")
        if not any(endpoint.host == h or endpoint.host.endswith("." + h) for h in self.hosts):
            raise EndpointError("not one of PUSH_SERVICE_HOSTS")
        if endpoint.scheme != "https" or endpoint.port != 443:
            raise EndpointError("not https on port 443")
        return endpoint


def local_addresses(hosts: Iterable[str]) -> frozenset[IPAddress]:
    """The entries of PUSH_SERVICE_HOSTS that are IP addresses."""
    return frozenset(a for a in (ip_of(h.strip("[]")) for h in hosts) if a is not None)


def setting_problem(host: str, env: str) -> str | None:
    """What is wrong with an entry of PUSH_SERVICE_HOSTS under PORTAL_ENV ``env``, if
    anything (checked at start-up)."""
    address = ip_of(host.strip("[]"))
    if address is None and not _NAME.fullmatch(host):
        return f"{host!r} is not a host name; list names such as fcm.googleapis.com"
    local = address is not None or host == "localhost" or host.endswith(".localhost")
    if local and env not in LOCAL_ENVS:
        return (
            f"{host!r} is an address or a name of this machine, allowed only when PORTAL_ENV "
            "is test or development; in production list only the push services' names"
        )
    return None


def policy(config: Mapping[str, Any]) -> Policy:
    """The policy of an app's configuration."""
    hosts = tuple(h.lower() for h in config["PUSH_SERVICE_HOSTS"])
    local = local_addresses(hosts) if config["PORTAL_ENV"] in LOCAL_ENVS else frozenset()
    return Policy(hosts=tuple(h for h in hosts if ip_of(h.strip("[]")) is None), local=local)


def allowed(raw: Any, config: Mapping[str, Any]) -> Endpoint:
    """Read an endpoint and check it against the app's policy: the one way in."""
    return policy(config).check(parse(raw))


def public(address: IPAddress) -> bool:
    """A public unicast address: not loopback, private, link-local, shared, reserved,
    multicast or unspecified, nor an IPv6 wrapping of one."""
    if isinstance(address, ipaddress.IPv6Address) and (
        address.ipv4_mapped or address.sixtofour or address.teredo
    ):
        return False
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_unspecified
    )


def vetted(host: str, port: int, local: frozenset[IPAddress]) -> list[str]:
    """Resolve ``host``; its addresses if every one may be connected to, else ForbiddenAddressError.
    (One address of a name elsewhere is reason enough to distrust the whole answer.)"""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in found]
    refused = [a for a in addresses if a not in local and not public(a)]
    if refused or not addresses:
        raise ForbiddenAddressError(f"{host} resolves to an address that is not public")
    return list(dict.fromkeys(str(a) for a in addresses))


class _Checked(HTTPConnection):
    """A connection that resolves its host itself and connects only to vetted addresses;
    TLS still checks the certificate against the host's name."""

    local: frozenset[IPAddress] = frozenset()

    def _new_conn(self) -> socket.socket:
        try:
            addresses = vetted(self.host, self.port, self.local)
        except socket.gaierror as e:
            raise NameResolutionError(self.host, self, e) from e
        error: OSError | None = None
        for address in addresses:
            try:
                return connection.create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as e:
                raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from e
            except OSError as e:
                error = e
        raise NewConnectionError(self, f"Failed to establish a new connection: {error}") from error


def _pool_classes(local: frozenset[IPAddress]) -> dict[str, type[HTTPConnectionPool]]:
    class Plain(_Checked):
        pass

    class Tls(_Checked, HTTPSConnection):
        pass

    Plain.local = Tls.local = local

    class PlainPool(HTTPConnectionPool):
        ConnectionCls = Plain

    class TlsPool(HTTPSConnectionPool):
        ConnectionCls = Tls

    return {"http": PlainPool, "https": TlsPool}


class _CheckedAdapter(HTTPAdapter):
    def __init__(self, local: frozenset[IPAddress]) -> None:
        self._classes = _pool_classes(local)
        super().__init__(max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = self._classes

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        raise ForbiddenAddressError("pushes do not go through a proxy")


class PushSession(requests.Session):
    """A requests session for pushes: checked connections, no redirects, no proxies."""

    def __init__(self, local: frozenset[IPAddress] = frozenset()) -> None:
        super().__init__()
        # Neither proxies nor credentials from the environment (.netrc).
        self.trust_env = False
        adapter = _CheckedAdapter(local)
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        """A redirect is never followed: the push service's answer is the 3xx itself."""
        return None
