# SPDX-License-Identifier: Apache-2.0
"""ServerProcessor: a small threaded TCP server for monitors that receive
metrics (graphite's plaintext and pickle protocols). Each connection gets
a thread that buffers what arrives, asks the server's parse_request for
the next complete request, and hands it to execute_request; requests of
one connection share no state."""
import io
import select
import socket
import socketserver
import struct
import time


class RequestSizeExceeded(Exception):
    """A request is larger than the allowed maximum."""

    def __init__(self, request_size, max_request_size):
        Exception.__init__(self, "The current request size of %d exceeded maximum allowed of %d"
                           % (request_size, max_request_size))


class ConnectionIdleTooLong(Exception):
    """No complete request arrived on a connection for too long."""

    def __init__(self, time_since_last_activity, max_inactivity):
        Exception.__init__(self, "Connection has been idle too long. No data has been received for "
                           "%d seconds and limit is %d" % (time_since_last_activity, max_inactivity))


class LineRequestParser(object):
    """Requests terminated by `\\n` (the line, newline included, is the
    request); with eof_as_eol, what is left at the end of the input is one
    too."""

    def __init__(self, max_request_size, eof_as_eol=False):
        self.__max_request_size = max_request_size
        self.__eof_as_eol = eof_as_eol

    def parse_request(self, input_buffer, _):
        start = input_buffer.tell()
        line = input_buffer.readline(self.__max_request_size + 1)
        if len(line) > self.__max_request_size:
            raise RequestSizeExceeded(len(line), self.__max_request_size)
        if line[-1:] == b"\n":
            return line
        if line and self.__eof_as_eol and len(input_buffer.read(1)) == 0:
            return line
        input_buffer.seek(start)
        return None


class Int32RequestParser(object):
    """Requests prefixed by their length, a 4-byte unsigned integer in
    network order (graphite's pickle protocol); the request is the payload."""

    _PREFIX = struct.Struct("!I")

    def __init__(self, max_request_size):
        self.__max_request_size = max_request_size

    def parse_request(self, input_buffer, num_bytes):
        start = input_buffer.tell()
        if num_bytes <= self._PREFIX.size:
            return None
        (length,) = self._PREFIX.unpack(input_buffer.read(self._PREFIX.size))
        if length > self.__max_request_size:
            input_buffer.seek(start)
            raise RequestSizeExceeded(length, self.__max_request_size)
        if length + self._PREFIX.size <= num_bytes:
            return input_buffer.read(length)
        input_buffer.seek(start)
        return None


class RequestStream(object):
    """The bytes received on one connection, from which the parser takes
    complete requests; the bytes it consumed are dropped."""

    def __init__(self, incoming_socket, request_parser, max_buffer_size=100 * 1024,
                 max_request_size=100 * 1024, blocking=True):
        if max_buffer_size < max_request_size:
            raise Exception("You cannot have a max buffer size smaller than your max request size (%d > %d)"
                            % (max_buffer_size, max_request_size))
        incoming_socket.setblocking(False)
        self.__socket = incoming_socket
        self.__parser = request_parser
        self.__max_buffer_size = max_buffer_size
        self.__max_request_size = max_request_size
        self.__blocking = blocking
        self.__pending = b""
        self.__at_end = False
        self.__error = False

    def __parse(self):
        if not self.__pending:
            return None
        buffer = io.BytesIO(self.__pending)
        request = self.__parser(buffer, len(self.__pending))
        if request is not None:
            if len(request) > self.__max_request_size:
                raise RequestSizeExceeded(len(request), self.__max_request_size)
            self.__pending = self.__pending[buffer.tell():]
            return request
        if len(self.__pending) >= self.__max_buffer_size:
            raise RequestSizeExceeded(len(self.__pending), self.__max_buffer_size)
        return None

    def read_request(self, timeout=0.5, run_state=None):
        """The next complete request, waiting up to timeout seconds for more
        bytes; None when there is none yet or the peer closed (at_end())."""
        request = self.__parse()
        if request is not None:
            return request
        if self.__blocking:
            deadline = time.monotonic() + timeout
            while True:
                if run_state is not None and not run_state.is_running():
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                ready, _, _ = select.select([self.__socket], [], [], min(left, 0.1))
                if ready:
                    break
        try:
            data = self.__socket.recv(self.__max_buffer_size - len(self.__pending))
        except BlockingIOError:
            return None
        except (socket.timeout, OSError):
            self.__error = True
            raise
        if not data:
            self.__at_end = True
            return None
        self.__pending += data
        return self.__parse()

    def at_end(self):
        return self.__at_end

    def is_closed(self):
        return self.__at_end or self.__error

    def get_buffer_size(self):
        return len(self.__pending)


class ConnectionProcessor(object):
    """Reads the requests of one connection and executes them until the
    peer closes, the run state stops, or the connection idles too long."""

    def __init__(self, request_stream, request_executor, run_state, max_connection_idle_time):
        self.__stream = request_stream
        self.__execute = request_executor
        self.__run_state = run_state
        self.__max_idle = max_connection_idle_time
        self.__last_request_time = None

    def run(self):
        while self.run_single_cycle(time.time()):
            pass

    def run_single_cycle(self, current_time=None):
        if current_time is None:
            current_time = time.time()
        if self.__last_request_time is None:
            self.__last_request_time = current_time
        request = self.__stream.read_request(timeout=0.5, run_state=self.__run_state)
        if request is not None:
            self.__execute(request)
            self.__last_request_time = current_time
        elif current_time - self.__last_request_time > self.__max_idle:
            raise ConnectionIdleTooLong(current_time - self.__last_request_time, self.__max_idle)
        running = self.__run_state.is_running() if self.__run_state is not None else True
        return running and not self.__stream.at_end()


class ConnectionHandler(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            stream = RequestStream(self.request, self.server.parse_request,
                                   max_buffer_size=self.server.buffer_size,
                                   max_request_size=self.server.max_request_size)
            ConnectionProcessor(stream, self.server.execute_request, self.server.run_state,
                                self.server.max_connection_idle_time).run()
        except Exception as e:
            self.server.report_connection_problem(e)


class ServerProcessor(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """Accepts connections on server_port (localhost only with
    localhost_socket) until shutdown() or until run_state stops. Derived
    classes implement parse_request (usually with one of the parsers
    above), execute_request and report_connection_problem."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, server_port, localhost_socket=True, max_connection_idle_time=300,
                 max_request_size=100 * 1024, buffer_size=100 * 1024, run_state=None):
        address = ("localhost" if localhost_socket else "", server_port)
        self.max_connection_idle_time = max_connection_idle_time
        self.max_request_size = max_request_size
        self.buffer_size = buffer_size
        self.run_state = run_state
        socketserver.TCPServer.__init__(self, address, ConnectionHandler)
        if run_state is not None:
            run_state.register_on_stop_callback(self._stop_serving)

    def _stop_serving(self):
        # shutdown() waits for serve_forever: never call it from its thread
        import threading

        threading.Thread(target=self.shutdown, daemon=True).start()

    def run(self):
        """Serves until shutdown() or the run state stops."""
        if self.run_state is not None and not self.run_state.is_running():
            return
        try:
            self.serve_forever(poll_interval=0.2)
        finally:
            self.server_close()

    def parse_request(self, request_input, num_available_bytes):
        """The next complete request read from request_input (a BytesIO at
        the read position), or None without consuming anything."""
        return None

    def execute_request(self, request):
        """Acts on one request returned by parse_request."""

    def report_connection_problem(self, exception):
        """Called with the exception that closed a connection."""
