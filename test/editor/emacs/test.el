;;; test.el --- termlens-ls in Emacs through eglot, configured by the README snippet  -*- lexical-binding: t -*-

;; Run by scripts/editors/emacs.mjs from a temp workspace holding note.md and model.py:
;;   emacs --batch -f package-activate-all -l <README snippet as init.el> -l test.el
;; Prints one "PASS  ..." or "FAIL  ..." line per check on stdout, then exits with 0 (all passed) or 1.
;;
;; `--batch' has no command loop, so `termlens-test--idle' does what it does when the user stops
;; typing: run `post-command-hook' (where `eglot-ensure' and Flymake start) and the idle timers
;; (eglot's didChange, Flymake's check).  Everything else goes through eglot as a user's commands do.

(require 'cl-lib)
(require 'subr-x)

(defconst termlens-test--wait-seconds 10.0)
(defvar termlens-test--passed 0)
(defvar termlens-test--failed 0)

(defun termlens-test--say (line)
  (princ (concat line "\n")))

(defun termlens-test--show (value)
  (let ((s (if (stringp value) value (prin1-to-string value))))
    (if (> (length s) 400) (substring s 0 400) s)))

(defun termlens-test--check (ok what &optional got)
  "Record one check named WHAT; on failure print GOT, what was received."
  (if ok
      (progn (cl-incf termlens-test--passed) (termlens-test--say (concat "PASS  " what)))
    (cl-incf termlens-test--failed)
    (termlens-test--say (format "FAIL  %s\n      received: %s" what (termlens-test--show got))))
  ok)

(defun termlens-test--idle ()
  "What Emacs's command loop does after a command, once the user is idle."
  (run-hooks 'post-command-hook)
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list) (timer-event-handler timer))))

(defun termlens-test--wait (pred)
  "Wait until PRED returns non-nil; return its value.
Waits at most `termlens-test--wait-seconds'."
  (let ((deadline (+ (float-time) termlens-test--wait-seconds))
        value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (termlens-test--idle)
      (accept-process-output nil 0.02))
    value))

(defun termlens-test--open (file)
  "Visit FILE with `find-file' and wait for its server.
The snippet's hook calls `eglot-ensure'."
  (find-file file)
  (termlens-test--wait (lambda () (and (eglot-managed-p) (eglot-current-server)
                                       (eglot--server-capable :hoverProvider))))
  (eglot-current-server))

(defun termlens-test--locate (needle)
  "Point where NEEDLE starts in the current buffer."
  (save-excursion
    (goto-char (point-min))
    (unless (search-forward needle nil t) (error "Fixture lacks %S" needle))
    (match-beginning 0)))

(defun termlens-test--diag-code (diag)
  (plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diag)) :code))

(defun termlens-test--by-code (diags code)
  (cl-find code diags :key #'termlens-test--diag-code :test #'equal))

(defun termlens-test--summary (diags)
  (mapconcat (lambda (d) (format "%s %s %d-%d" (termlens-test--diag-code d) (flymake-diagnostic-type d)
                                 (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))
             diags "; "))

(defun termlens-test--diags (pred)
  "Flymake's diagnostics of the current buffer once PRED holds for them.
Or once the time is up."
  (termlens-test--wait (lambda () (funcall pred (flymake-diagnostics))))
  (flymake-diagnostics))

(defun termlens-test--hover (pos)
  "The hover at POS as eldoc gets it from eglot.
Rendered by eglot, with markdown-mode's `gfm-view-mode'."
  (goto-char pos)
  (let (doc)
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq doc (or info ""))))
    (termlens-test--wait (lambda () doc))
    (and doc (substring-no-properties doc))))

(defun termlens-test--complete (want)
  "Run `completion-at-point' and pick the candidate WANT, as a completion UI does.
Return the candidates offered."
  (let (offered)
    (let ((completion-in-region-function
           (lambda (start end collection predicate)
             (let* ((input (buffer-substring-no-properties start end))
                    (all (completion-all-completions input collection predicate (length input)))
                    (cands (cl-loop for tail = all then (cdr tail) while (consp tail) collect (car tail)))
                    (choice (cl-find want cands :test #'string=)))
               (setq offered (mapcar #'substring-no-properties cands))
               (when choice
                 (completion--replace start end choice)
                 (let ((exit (plist-get completion-extra-properties :exit-function)))
                   (when exit (funcall exit choice 'finished))))
               t))))
      (completion-at-point))
    offered))

(defun termlens-test--code-action (pos want)
  "Run `eglot-code-actions' at POS as `M-x' does; pick the action titled WANT.
Return the titles offered."
  (goto-char pos)
  (let (offered)
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (setq offered (mapcar #'car collection))
                 (or (cl-find want offered :test #'string=) ""))))
      ;; A keyboard event, so eglot asks with `completing-read', not a mouse menu.
      (let ((last-nonmenu-event ?\C-m))
        (call-interactively #'eglot-code-actions)))
    offered))

(cl-defun termlens-test--main ()
  ;; Markdown note ---------------------------------------------------------------------------------
  (let ((server (termlens-test--open "note.md")))
    (termlens-test--check (eq major-mode 'markdown-mode) "note.md opens in markdown-mode" major-mode)
    (unless (termlens-test--check (and server (equal (plist-get (eglot--server-info server) :name) "termlens-ls"))
                                  "eglot started termlens-ls for note.md" server)
      (cl-return-from termlens-test--main))
    (termlens-test--check (equal (eglot--language-id server) "markdown") "eglot sends language ID markdown"
                          (eglot--language-id server))
    (let* ((diags (termlens-test--diags
                   (lambda (ds) (let ((v (termlens-test--by-code ds "term.variant")))
                                  (and (termlens-test--by-code ds "term.misspelled") v
                                       (eq (flymake-diagnostic-type v) 'eglot-warning))))))
           (mis (termlens-test--by-code diags "term.misspelled"))
           (var (termlens-test--by-code diags "term.variant"))
           (mbeg (termlens-test--locate "Hesten Model")))
      (termlens-test--check (and mis (= (flymake-diagnostic-beg mis) mbeg)
                                 (= (flymake-diagnostic-end mis) (+ mbeg (length "Hesten Model"))))
                            "Flymake shows term.misspelled on \"Hesten Model\"" (termlens-test--summary diags))
      (termlens-test--check (and var (= (flymake-diagnostic-beg var) (termlens-test--locate "span model")))
                            "Flymake shows term.variant on \"span model\"" (termlens-test--summary diags))
      ;; term.variant defaults to information (a Flymake note); the snippet's settings make it a warning.
      (termlens-test--check (and var (eq (flymake-diagnostic-type var) 'eglot-warning))
                            "term.variant is a warning, from the snippet's eglot-workspace-configuration"
                            (termlens-test--summary diags))
      (termlens-test--check (= (length diags) 2) "note.md has exactly these two diagnostics"
                            (termlens-test--summary diags))

      (let ((hover (termlens-test--hover (+ (termlens-test--locate "Heston Model") 3))))
        (termlens-test--check (and hover (string-search "Heston Model" hover) (string-search "variance" hover)
                                   (string-search "leverage effects" hover))
                              "hover on \"Heston Model\" shows its definition" hover))

      (let* ((offered (termlens-test--code-action (+ mbeg 2) "Replace with \"Heston Model\""))
             (line (lambda () (buffer-substring-no-properties (line-beginning-position) (line-end-position)))))
        (goto-char mbeg)
        (termlens-test--check (string-search "writes Heston Model and" (funcall line))
                              "quick fix replaces \"Hesten Model\" with \"Heston Model\""
                              (list :offered offered :line (funcall line)))
        (let ((after (termlens-test--diags (lambda (ds) (and (not (termlens-test--by-code ds "term.misspelled"))
                                                             (termlens-test--by-code ds "term.variant"))))))
          (termlens-test--check (and (not (termlens-test--by-code after "term.misspelled"))
                                     (termlens-test--by-code after "term.variant"))
                                "after the edit the misspelling is gone and the variant stays"
                                (termlens-test--summary after)))
        ;; The runner reads the saved file: the fix reached the disk as the user saves it.
        (save-buffer))

      (goto-char (point-max))
      (insert "\nBlack-Sch")
      (let ((offered (termlens-test--complete "Black-Scholes-Merton Model")))
        (termlens-test--check (string-suffix-p "\nBlack-Scholes-Merton Model" (buffer-string))
                              "completion-at-point after \"Black-Sch\" inserts \"Black-Scholes-Merton Model\""
                              (list :offered offered
                                    :end (buffer-substring-no-properties (line-beginning-position) (point-max))))))

    ;; Python file: its own server (its own language ID), hover in a comment, a deprecated form ---------
    (let ((pserver (termlens-test--open "model.py")))
      (termlens-test--check (eq major-mode 'python-mode) "model.py opens in python-mode" major-mode)
      (termlens-test--check (and pserver (equal (eglot--language-id pserver) "python"))
                            "model.py is served by termlens with language ID python"
                            (and pserver (eglot--language-id pserver)))
      ;; Diagnostics before hover: until its glossary is loaded (about half a second after it starts), a
      ;; server answers hover with nothing, and this server was started for model.py just now.
      (let* ((diags (termlens-test--diags (lambda (ds) (termlens-test--by-code ds "term.deprecated"))))
             (dep (termlens-test--by-code diags "term.deprecated")))
        (termlens-test--check (and dep (= (flymake-diagnostic-beg dep) (termlens-test--locate "BS Model"))
                                   (eq (flymake-diagnostic-type dep) 'eglot-warning))
                              "Flymake shows term.deprecated on \"BS Model\" in a comment, as a warning"
                              (termlens-test--summary diags)))
      (let ((hover (termlens-test--hover (+ (termlens-test--locate "Heston Model") 3))))
        (termlens-test--check (and hover (string-search "leverage effects" hover))
                              "hover on \"Heston Model\" in a Python comment" hover))
      (goto-char (+ (termlens-test--locate "heston_mo") (length "heston_mo")))
      (let ((offered (termlens-test--complete "heston_model")))
        (termlens-test--check (string-search "x = heston_model\n" (buffer-string))
                              "completion-at-point in the identifier \"heston_mo\" makes it \"heston_model\""
                              (list :offered offered
                                    :line (buffer-substring-no-properties (line-beginning-position) (line-end-position))))))))

(condition-case err
    (termlens-test--main)
  (error (termlens-test--check nil "test.el ran to the end" err)))
(termlens-test--say (format "%d passed, %d failed" termlens-test--passed termlens-test--failed))
(kill-emacs (if (= termlens-test--failed 0) 0 1))

;;; test.el ends here
