"""For editors: takes the models and gives the web form's config (/admin/, Decap CMS), new files from
templates (`new`) and benchmark repositories (`fixture`)."""
