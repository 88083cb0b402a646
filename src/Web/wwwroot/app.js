// SimilarityEngine web: small progressive enhancements; every page works without them.
(function () {
  'use strict';

  // drag and drop onto the upload zone
  var zone = document.getElementById('dropzone');
  var input = document.getElementById('file');
  var chosen = document.getElementById('chosen');
  if (zone && input) {
    var show = function () { if (chosen) { chosen.textContent = input.files.length ? input.files[0].name : ''; } };
    input.addEventListener('change', show);
    ['dragenter', 'dragover'].forEach(function (e) {
      zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (e) {
      zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (ev) {
      if (ev.dataTransfer && ev.dataTransfer.files.length) { input.files = ev.dataTransfer.files; show(); }
    });
  }

  // live progress of a job: poll its status, reload when it ends
  var progress = document.getElementById('progress');
  if (progress && progress.dataset.statusUrl) {
    var poll = function () {
      fetch(progress.dataset.statusUrl, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          progress.textContent = s.text;
          if (s.status === 'done' || s.status === 'failed') { window.location.reload(); } else { setTimeout(poll, 1000); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 500);
  }

  // a passage clicked on either side: both sides scroll to it and are highlighted
  var activate = function (pair) {
    document.querySelectorAll('.passage.active').forEach(function (p) { p.classList.remove('active'); });
    document.querySelectorAll('.passage[data-pair="' + pair + '"]').forEach(function (p) {
      p.classList.add('active');
      var pane = p.closest('.pane');
      if (pane) { pane.scrollTop = p.offsetTop - pane.offsetTop - 8; }
    });
  };
  document.querySelectorAll('.passage').forEach(function (p) {
    p.addEventListener('click', function () { activate(p.dataset.pair); });
    p.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { activate(p.dataset.pair); } });
  });
  document.querySelectorAll('.passage-link').forEach(function (a) {
    a.addEventListener('click', function (ev) { ev.preventDefault(); activate(a.dataset.target); });
  });

  // sortable tables
  document.querySelectorAll('table.sortable th[data-sort]').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var tbody = th.closest('table').tBodies[0];
      var rows = Array.prototype.slice.call(tbody.rows);
      var num = th.dataset.sort === 'num';
      var dir = th.dataset.dir === 'asc' ? -1 : 1;
      th.dataset.dir = dir === 1 ? 'asc' : 'desc';
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.value || a.cells[col].textContent;
        var y = b.cells[col].dataset.value || b.cells[col].textContent;
        return (num ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, 'vi')) * dir;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });

  var print = document.getElementById('print');
  if (print) { print.addEventListener('click', function () { window.print(); }); }
})();
