// Live activity: prepends the events of /activity/stream to the table, newest first.
// EventSource reconnects by itself and sends Last-Event-ID, from which the server resumes its
// Watch cursor, so events written while disconnected still arrive, once and in order.
(function () {
  "use strict";
  var status = document.getElementById("live-status");
  var body = document.getElementById("events");
  if (!status || !body || !window.EventSource) { return; }

  function when(micros) {
    return new Date(micros / 1000).toISOString().slice(0, 19).replace("T", " ");
  }
  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function show(e) {
    var row = document.createElement("tr");
    row.className = e.kind + " new";
    row.dataset.sequence = e.sequence;
    cell(row, when(e.time));
    cell(row, String(e.sequence));
    cell(row, e.type).className = "type";
    var what = cell(row, e.link ? "" : (e.model || e.subject || ""));
    if (e.link) {
      var a = document.createElement("a");
      a.href = e.link;
      a.textContent = e.model + (e.version ? ":" + e.version : "");
      what.appendChild(a);
    }
    cell(row, e.alias ? e.alias + " \u2192 " + e.version + (e.previous_version ? " (was " + e.previous_version + ")" : "") : "");
    cell(row, e.actor || "");
    cell(row, Object.keys(e.details || {}).map(function (k) { return k + "=" + e.details[k]; }).join(" "));
    body.insertBefore(row, body.firstChild);
    var empty = document.getElementById("empty");
    if (empty) { empty.remove(); }
  }
  function say(text, cls) {
    status.textContent = text;
    status.className = cls || "";
  }

  var source = new EventSource(status.dataset.stream);
  say("connecting\u2026");
  source.onopen = function () { say("live", "live"); };
  source.onmessage = function (m) {
    var e = JSON.parse(m.data);
    show(e);
    say("live, through event #" + e.sequence, "live");
  };
  source.addEventListener("progress", function (m) {
    say("live, through event #" + JSON.parse(m.data).head_sequence, "live");
  });
  source.addEventListener("refused", function (m) {
    source.close();
    say("live updates stopped: " + JSON.parse(m.data).error.message + " (reload the page)", "error");
  });
  source.onerror = function () {
    if (source.readyState === EventSource.CLOSED) { say("live updates stopped (reload the page)", "error"); }
    else { say("reconnecting\u2026", "error"); }
  };
})();
