// The body editor of the item form (正文编辑器). Without this script the
// form is a plain textarea of text; with it, the body is edited as a page:
// headings, lists and tables, and a paste from Word or WPS keeps its tables
// and merged cells. What the browser sends is cleaned by the server's
// allow-list (catalogue::body) before it is kept; the light cleaning here
// only keeps Word's styles and scripts out of the editing surface.
(function () {
  'use strict';
  var area = document.getElementById('body');
  var format = document.getElementById('body_format');
  var editor = document.getElementById('body-editor');
  var bar = document.getElementById('editor-bar');
  var form = document.getElementById('item-form');
  if (!area || !format || !editor || !bar || !form || !window.DOMParser) return;

  var DROP = 'script,style,meta,link,title,head,xml,iframe,object,embed,form,input,button,select,textarea,svg,math';
  var KEEP_ATTRS = { colspan: 1, rowspan: 1, src: 1, alt: 1, href: 1 };

  // Parse into an inert document, drop what never belongs in a body, strip
  // attributes but merged cells, links and pictures, unwrap Word's spans.
  function clean(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    doc.querySelectorAll(DROP).forEach(function (n) { n.remove(); });
    var walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
    var comments = [];
    while (walker.nextNode()) comments.push(walker.currentNode);
    comments.forEach(function (c) { c.remove(); });
    doc.body.querySelectorAll('*').forEach(function (el) {
      Array.prototype.slice.call(el.attributes).forEach(function (a) {
        if (!KEEP_ATTRS[a.name.toLowerCase()]) el.removeAttribute(a.name);
      });
    });
    doc.body.querySelectorAll('span,font,o\\:p,div').forEach(function (el) {
      el.replaceWith.apply(el, Array.prototype.slice.call(el.childNodes));
    });
    var frag = document.createDocumentFragment();
    Array.prototype.slice.call(doc.body.childNodes).forEach(function (n) {
      frag.appendChild(document.importNode(n, true));
    });
    return frag;
  }

  function paragraphs(text) {
    var frag = document.createDocumentFragment();
    (text || '').split(/\r?\n/).forEach(function (line) {
      if (!line.trim()) return;
      var p = document.createElement('p');
      p.textContent = line.trim();
      frag.appendChild(p);
    });
    return frag;
  }

  function insert(frag) {
    var sel = window.getSelection();
    if (!sel.rangeCount || !editor.contains(sel.anchorNode)) {
      editor.appendChild(frag);
      return;
    }
    var range = sel.getRangeAt(0);
    range.deleteContents();
    var last = frag.lastChild;
    range.insertNode(frag);
    if (last) {
      range.setStartAfter(last);
      range.collapse(true);
      sel.removeAllRanges();
      sel.addRange(range);
    }
  }

  editor.appendChild(format.value === 'html' ? clean(area.value) : paragraphs(area.value));
  editor.hidden = false;
  bar.hidden = false;
  area.hidden = true;
  format.value = 'html';
  var hint = document.getElementById('body-hint');
  if (hint) hint.hidden = false;

  editor.addEventListener('paste', function (e) {
    var data = e.clipboardData;
    if (!data) return;
    e.preventDefault();
    var html = data.getData('text/html');
    insert(html ? clean(html) : paragraphs(data.getData('text/plain')));
  });

  bar.addEventListener('click', function (e) {
    var b = e.target.closest('button[data-cmd]');
    if (!b) return;
    e.preventDefault();
    editor.focus();
    var cmd = b.getAttribute('data-cmd');
    if (cmd === 'table') {
      insert(clean('<table><tr><th>项目</th><th>内容</th></tr><tr><td></td><td></td></tr></table><p></p>'));
    } else {
      document.execCommand(cmd, false, b.getAttribute('data-arg'));
    }
  });

  var picture = document.getElementById('editor-image');
  if (picture) {
    picture.addEventListener('change', function () {
      if (!picture.value) return;
      var img = document.createElement('img');
      img.src = picture.value;
      img.alt = picture.options[picture.selectedIndex].text;
      var p = document.createElement('p');
      p.appendChild(img);
      editor.focus();
      insert(p);
      picture.value = '';
    });
  }

  form.addEventListener('submit', function () {
    area.value = editor.innerHTML;
    format.value = 'html';
  });
})();
